namespace LockFirmware.Actuation
{
    /// <summary>States of the bolt drive (<see cref="BoltDrive"/>).</summary>
    public enum DriveState
    {
        /// <summary>Motor off (coast), no stroke in progress.</summary>
        Idle = 0,
        /// <summary>PWM ramping up; stall checks suppressed during the inrush blind time.</summary>
        SoftStart = 1,
        /// <summary>Full duty; watching the limit switch, current and time.</summary>
        Running = 2,
        /// <summary>Bridge in brake for a short interval after stopping.</summary>
        Braking = 3,
        /// <summary>Reversing briefly after a stall so the bolt is not left loaded.</summary>
        BackingOff = 4,
        /// <summary>Waiting before the next attempt.</summary>
        RetryPause = 5,
        /// <summary>Giving up: driving back to the end the stroke started from.</summary>
        Recovering = 6,
        /// <summary>Before a stroke from an end: pressing gently into that end stop to measure the winding resistance.</summary>
        Measuring = 7,
        /// <summary>
        /// A lock that reached its extended switch at a crawl, driven on into the end stop for a fixed time
        /// (<see cref="ActuationTuning.SeatMs"/>) so the stop is left pressed for the unlock's breakaway.
        /// </summary>
        Seating = 8,
    }
}

namespace LockFirmware.Runtime
{
    /// <summary>
    /// What the firmware tells its observers (the simulator's JSON lines, the event log, the console).
    /// The meaning of the code and detail arguments is given per kind.
    /// </summary>
    public enum LockEventKind
    {
        /// <summary>Lock state changed; code = LockState, detail = DoorState.</summary>
        State = 0,
        /// <summary>Alarm raised; code = AlarmCode.</summary>
        Alarm = 1,
        /// <summary>Fault raised; code = FaultCode, detail = evidence (e.g. position in tenths of mm).</summary>
        Fault = 2,
        /// <summary>Fault cleared; code = FaultCode.</summary>
        FaultCleared = 3,
        /// <summary>Indication pattern started; code = IndicationPattern, detail = fault number for fault patterns.</summary>
        Indication = 4,
        /// <summary>Operation completed; code = LockOperation, detail = OperationSource.</summary>
        Operation = 5,
        /// <summary>Operation refused; code = OperationError, detail = OperationSource.</summary>
        OperationError = 6,
        /// <summary>Console command handled; code = 0 ok / 1 error.</summary>
        Console = 7,
        /// <summary>Battery level changed; code = BatteryLevel, detail = battery millivolts.</summary>
        Battery = 8,
        /// <summary>Stroke finished; code = StrokeEnd, detail = duration in ms.</summary>
        Stroke = 9,
        /// <summary>Self-test finished; code = 0 pass / 1 fail, detail = failed check bits.</summary>
        Selftest = 10,
    }
}

namespace LockFirmware.Simulator.Plant;

/// <summary>State a stuck switch reads as (contract values <c>open</c>, <c>closed</c>).</summary>
public enum ContactLevel
{
    /// <summary>Contact open: the input reads high (pull-up).</summary>
    Open = 0,
    /// <summary>Contact closed: the input reads low.</summary>
    Closed = 1,
}

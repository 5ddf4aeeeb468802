namespace LockFirmware.Simulator.Plant;

/// <summary>Which limit switch (contract values <c>extended</c>, <c>retracted</c>).</summary>
public enum LimitSwitchId
{
    /// <summary>Closes when the bolt is fully thrown (locked).</summary>
    Extended = 0,
    /// <summary>Closes when the bolt is fully withdrawn (unlocked).</summary>
    Retracted = 1,
}

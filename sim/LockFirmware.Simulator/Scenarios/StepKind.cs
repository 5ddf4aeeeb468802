namespace LockFirmware.Simulator.Scenarios;

/// <summary>What a scenario step does (the step's action key).</summary>
public enum StepKind
{
    /// <summary><c>keys: "123456#"</c>.</summary>
    Keys,
    /// <summary><c>door: open|closed</c>.</summary>
    Door,
    /// <summary><c>door_forced_open: true</c>.</summary>
    DoorForcedOpen,
    /// <summary><c>manual_key: locked|unlocked</c>.</summary>
    ManualKey,
    /// <summary><c>inject: {fault: ..., ...}</c>.</summary>
    Inject,
    /// <summary><c>clear: &lt;fault&gt;</c>.</summary>
    Clear,
    /// <summary><c>power_cut: &lt;duration&gt;</c>.</summary>
    PowerCut,
    /// <summary><c>battery_swap: {chemistry, state_of_charge}</c>.</summary>
    BatterySwap,
    /// <summary><c>temperature_c: &lt;value&gt;</c>.</summary>
    Temperature,
    /// <summary><c>console: &lt;line&gt;</c>.</summary>
    Console,
    /// <summary><c>repeat: {every, times, keys|console}</c>.</summary>
    Repeat,
}

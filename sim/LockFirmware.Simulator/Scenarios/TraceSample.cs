using LockFirmware.Hal;

namespace LockFirmware.Simulator.Scenarios;

/// <summary>One row of the trace (see <see cref="TraceRecorder"/> for the columns).</summary>
/// <param name="TMs">Scenario time, ms.</param>
/// <param name="Bridge">Bridge command (plant).</param>
/// <param name="DutyPermille">Bridge duty (plant).</param>
/// <param name="MotorVolts">Voltage across the motor (plant truth), V.</param>
/// <param name="MotorMilliamps">Motor current (plant truth), mA.</param>
/// <param name="MotorMilliampsMeasured">Last motor current the firmware measured during a stroke, mA; null when it is not sampling.</param>
/// <param name="BoltMm">Bolt extension (plant truth), mm.</param>
/// <param name="BatteryMillivolts">Pack terminal voltage (plant truth), mV.</param>
/// <param name="BatteryMillivoltsMeasured">The firmware's last battery reading, mV; null while the MCU is off.</param>
/// <param name="LockState">Firmware lock state; null while the MCU is off.</param>
public readonly record struct TraceSample(long TMs, BridgeMode Bridge, int DutyPermille, double MotorVolts, double MotorMilliamps,
    int? MotorMilliampsMeasured, double BoltMm, double BatteryMillivolts, int? BatteryMillivoltsMeasured, string? LockState);

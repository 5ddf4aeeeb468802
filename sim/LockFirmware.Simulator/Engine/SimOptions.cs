using LockFirmware.Simulator.Plant;

namespace LockFirmware.Simulator.Engine;

/// <summary>How a simulation starts: hardware, seed, bolt position and the provisioned codes.</summary>
public sealed class SimOptions
{
    /// <summary>The hardware.</summary>
    public PlantParameters Hardware { get; init; } = new();
    /// <summary>Random seed (noise, typing timing, per-unit ADC error).</summary>
    public int Seed { get; init; } = 1;
    /// <summary>Start with the bolt locked (else unlocked).</summary>
    public bool StartLocked { get; init; } = true;
    /// <summary>User codes to provision.</summary>
    public IReadOnlyList<string> UserCodes { get; init; } = new[] { "123456" };
    /// <summary>Master code.</summary>
    public string MasterCode { get; init; } = "87654321";
    /// <summary>Technician credential.</summary>
    public string TechnicianCode { get; init; } = "24681357";
    /// <summary>Run the calibration at provisioning (the contract's scenarios start calibrated).</summary>
    public bool Calibrated { get; init; } = true;
}

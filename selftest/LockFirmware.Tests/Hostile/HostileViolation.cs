namespace LockFirmware.Tests.Hostile;

/// <summary>A rule of the hostile-hardware rig was broken.</summary>
public sealed class HostileViolation(string message) : Exception(message);

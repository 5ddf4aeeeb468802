namespace LockFirmware.Tests.Hostile;

/// <summary>What is asked of the lock at a segment's start.</summary>
public enum HostileAction { None, Lock, Unlock, Calibrate, SelfTest, PowerOn, BrownOut }

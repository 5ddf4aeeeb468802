using LockFirmware.Runtime;

namespace LockFirmware.Simulator.Engine;

/// <summary>One thing the firmware reported, at scenario time <see cref="TMs"/>.</summary>
/// <param name="TMs">Scenario time, ms.</param>
/// <param name="Kind">Event kind.</param>
/// <param name="Code">Kind-specific code (see <see cref="LockEventKind"/>).</param>
/// <param name="Detail">Kind-specific detail.</param>
/// <param name="Text">Free text (console lines).</param>
public sealed record SimEvent(long TMs, LockEventKind Kind, int Code, int Detail, string? Text = null);

namespace LockFirmware.Tests.Hostile;

/// <summary>A text edit with its place and what it puts there.</summary>
public sealed record TextMutation(TextEdit Edit, int Line, int Other, string Payload)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Edit} line#{Line} other#{Other} '{HostileInputGen.Show(Payload)}'";
}

using System.Text;

namespace LockFirmware.Tests.Hostile;

/// <summary>A mutated scenario file: the library file it started from, its text edits and a byte edit.</summary>
public sealed record MutatedFile(string Source, TextMutation[] Edits, ByteEdit Bytes, int BytePos, byte[] Random)
{
    /// <summary>The text after the text edits.</summary>
    public string Text => HostileInputGen.Apply(HostileInputGen.Library[Source], Edits);

    /// <summary>The bytes as written to disk (UTF-8 of <see cref="Text"/>, then the byte edit).</summary>
    public byte[] FileBytes => HostileInputGen.ApplyBytes(Encoding.UTF8.GetBytes(Text), Bytes, BytePos, Random);

    /// <inheritdoc/>
    public override string ToString() => $"{Source} [{string.Join("; ", Edits.Select(e => e.ToString()))}] bytes {Bytes}@{BytePos}\n--- text ---\n{HostileInputGen.Show(Text, 3000)}";
}

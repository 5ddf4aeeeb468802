using System.Collections.Generic;

namespace LockFirmware.Tests.NanoGate;

/// <summary>
/// A decoded type from a metadata signature: its readable name plus what it contains that nanoFramework cannot run.
/// Produced by <see cref="SignatureShapeProvider"/>; flags propagate from element and argument types.
/// </summary>
public sealed class SignatureShape
{
    /// <summary>Creates a shape.</summary>
    public SignatureShape(string name, bool hasGeneric, bool hasDouble, bool hasMultiDimensionalArray)
    {
        Name = name;
        HasGeneric = hasGeneric;
        HasDouble = hasDouble;
        HasMultiDimensionalArray = hasMultiDimensionalArray;
    }

    /// <summary>Readable type name, e.g. <c>System.Action`1&lt;int32&gt;</c> or <c>int32[,]</c>.</summary>
    public string Name { get; }

    /// <summary>Contains a generic instantiation or a generic parameter.</summary>
    public bool HasGeneric { get; }

    /// <summary>Contains <c>double</c> (System.Double).</summary>
    public bool HasDouble { get; }

    /// <summary>Contains a general (multidimensional) array.</summary>
    public bool HasMultiDimensionalArray { get; }

    /// <summary>A plain type with nothing to report.</summary>
    public static SignatureShape Plain(string name) => new(name, false, false, false);

    /// <summary>A new shape named <paramref name="name"/> carrying the flags of <paramref name="parts"/> and the extra ones given.</summary>
    public static SignatureShape Combine(string name, IEnumerable<SignatureShape> parts, bool generic = false, bool dbl = false, bool mdArray = false)
    {
        foreach (SignatureShape p in parts)
        {
            generic |= p.HasGeneric;
            dbl |= p.HasDouble;
            mdArray |= p.HasMultiDimensionalArray;
        }
        return new SignatureShape(name, generic, dbl, mdArray);
    }

    /// <summary>The readable name.</summary>
    public override string ToString() => Name;
}

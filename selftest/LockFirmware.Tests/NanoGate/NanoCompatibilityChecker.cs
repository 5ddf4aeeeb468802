using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;

namespace LockFirmware.Tests.NanoGate;

/// <summary>
/// The nano compatibility gate: reads a compiled assembly with System.Reflection.Metadata and lists everything in it
/// that compiles against nanoFramework's mscorlib but cannot run on nanoCLR (see <see cref="NanoRule"/>).
/// Give it the reference assemblies (mscorlib, the nano-built LockFirmware.Hal) with <see cref="AddReference(string)"/>
/// so that enum types defined there are recognised by the enum-ToString rule.
/// </summary>
public sealed class NanoCompatibilityChecker
{
    /// <summary>The project's own nano-built assemblies, which device code may reference besides mscorlib.</summary>
    public static readonly IReadOnlyList<string> ProjectAssemblies = new[] { "LockFirmware.Hal", "LockFirmware" };

    private readonly HashSet<string> _allowedReferences;
    private readonly EnumTypeIndex _enums = new();

    /// <summary>A gate that allows references to mscorlib and <see cref="ProjectAssemblies"/>.</summary>
    public NanoCompatibilityChecker()
        : this(ProjectAssemblies)
    {
    }

    /// <summary>A gate that allows references to mscorlib and to <paramref name="allowedProjectAssemblies"/>.</summary>
    public NanoCompatibilityChecker(IEnumerable<string> allowedProjectAssemblies)
    {
        ArgumentNullException.ThrowIfNull(allowedProjectAssemblies);
        _allowedReferences = new HashSet<string>(allowedProjectAssemblies, StringComparer.Ordinal) { "mscorlib" };
    }

    /// <summary>The assembly names a checked assembly may reference.</summary>
    public IReadOnlyCollection<string> AllowedReferences => _allowedReferences;

    /// <summary>Makes the types of a reference assembly (e.g. mscorlib.dll) known, so TypeRefs into it can be resolved.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public void AddReference(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Reference assembly for the nano gate not found: {path}", path);
        }
        AddReference(File.ReadAllBytes(path));
    }

    /// <summary>Makes the types of a reference assembly image known, so TypeRefs into it can be resolved.</summary>
    public void AddReference(byte[] image)
    {
        ArgumentNullException.ThrowIfNull(image);
        _enums.Add(ImmutableArray.Create(image));
    }

    /// <summary>Checks the assembly file at <paramref name="path"/>.</summary>
    /// <returns>Every violation found, each naming its type and member; empty when the assembly is fit for nanoCLR.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public IReadOnlyList<NanoViolation> Check(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Assembly to check not found: {path}", path);
        }
        return Check(File.ReadAllBytes(path));
    }

    /// <summary>Checks an assembly image (e.g. one just emitted by Roslyn).</summary>
    /// <returns>Every violation found, each naming its type and member; empty when the assembly is fit for nanoCLR.</returns>
    public IReadOnlyList<NanoViolation> Check(byte[] image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return new NanoAssemblyScan(ImmutableArray.Create(image), _allowedReferences, _enums).Run().ToList();
    }
}

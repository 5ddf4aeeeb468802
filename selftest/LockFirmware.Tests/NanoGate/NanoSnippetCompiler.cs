using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace LockFirmware.Tests.NanoGate;

/// <summary>
/// Compiles small C# sources with Roslyn against nanoFramework's real mscorlib, the way nano/Nano.Build.props compiles
/// the device code (no standard library, C# 10, debug code generation), so the gate tests can feed it offending code.
/// </summary>
public static class NanoSnippetCompiler
{
    private static readonly Lazy<MetadataReference> s_mscorlib = new(() => MetadataReference.CreateFromFile(NanoGatePaths.NanoMscorlib));

    /// <summary>Compiles <paramref name="source"/> into a library named <paramref name="assemblyName"/> and returns the image.</summary>
    /// <param name="source">C# source.</param>
    /// <param name="assemblyName">The assembly name (matters for the assembly-reference rule).</param>
    /// <param name="references">Images of other snippet assemblies to reference.</param>
    /// <exception cref="InvalidOperationException">The source does not compile; the message lists the errors.</exception>
    public static byte[] Compile(string source, string assemblyName = "Snippet", params byte[][] references)
    {
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.CSharp10));
        var refs = new List<MetadataReference> { s_mscorlib.Value };
        refs.AddRange(references.Select(r => MetadataReference.CreateFromImage(r)));
        var compilation = CSharpCompilation.Create(
            assemblyName,
            new[] { tree },
            refs,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Debug, allowUnsafe: true));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        if (!result.Success)
        {
            throw new InvalidOperationException("Snippet does not compile against nanoFramework mscorlib:\n"
                + string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        }
        return stream.ToArray();
    }
}

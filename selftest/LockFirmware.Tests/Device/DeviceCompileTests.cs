using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using LockFirmware.Tests.NanoGate;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace LockFirmware.Tests.Device;

/// <summary>
/// Compiles the device projects' sources on the host with Roslyn, against nanoFramework's real mscorlib plus a
/// declared surface of the nanoFramework package APIs they use (Device/ApiSurface), then runs the nano gate on the
/// result. This is as close to building the .nfproj files as this machine allows.
/// </summary>
public class DeviceCompileTests
{
    private const string SurfaceAssembly = "NanoFrameworkApiSurface";

    // The agreed LockController surface; stands in only while firmware/LockFirmware does not declare the class yet.
    private const string LockControllerPlaceholder = @"
namespace LockFirmware
{
    public sealed class LockController : LockFirmware.Hal.IInputChangeSink
    {
        public LockController(LockFirmware.Hal.Board board) { }
        public void Start() { }
        public void Poll() { }
        public long NextPollMs { get { return 0; } }
        public void OnInputChanged(LockFirmware.Hal.InputLine line) { }
    }
}";

    private static readonly Lazy<MetadataReference> s_mscorlib = new(() => MetadataReference.CreateFromFile(NanoGatePaths.NanoMscorlib));

    // Compiled once per test run and shared by the tests below (Roslyn's first compilation dominates their time).
    private static readonly Lazy<byte[]> s_surface = new(CompileSurface);
    private static readonly Lazy<byte[]> s_halEsp32 = new(CompileHalEsp32Once);

    /// <summary>hal/LockFirmware.Hal.Esp32 (with the shared HAL sources, as its .nfproj links them) compiles without errors or warnings.</summary>
    [Fact]
    public void Esp32_layer_compiles_against_nano_mscorlib_and_the_package_surface()
    {
        byte[] image = CompileHalEsp32();
        Assert.NotEmpty(image);
    }

    /// <summary>The ESP32 layer passes the nano gate except for double at the PwmChannel.DutyCycle boundary in PwmOutput.</summary>
    [Fact]
    public void Esp32_layer_uses_double_only_at_the_pwm_boundary()
    {
        var checker = new NanoCompatibilityChecker(new[] { SurfaceAssembly });
        checker.AddReference(NanoGatePaths.NanoMscorlib);
        checker.AddReference(Surface());
        var unexpected = checker.Check(CompileHalEsp32())
            .Where(v => !(v.Rule == NanoRule.Double && v.TypeName == "LockFirmware.Hal.Esp32.PwmOutput"))
            .ToList();
        Assert.True(unexpected.Count == 0, string.Join("\n", unexpected));
    }

    /// <summary>firmware/LockFirmware.Device (Program.cs with the shared firmware sources) compiles and passes the gate.</summary>
    [Fact]
    public void Device_application_compiles_and_passes_the_gate()
    {
        byte[] hal = CompileHalEsp32();
        var trees = Parse(Sources("firmware/LockFirmware").Concat(Sources("firmware/LockFirmware.Device")));
        var references = new[] { s_mscorlib.Value, MetadataReference.CreateFromImage(Surface()), MetadataReference.CreateFromImage(hal) };
        CSharpCompilation compilation = Create("LockFirmware.Device", trees, references);
        if (compilation.GetTypeByMetadataName("LockFirmware.LockController") == null)
        {
            compilation = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(LockControllerPlaceholder, ParseOptions));
        }
        byte[] image = Emit(compilation);

        var checker = new NanoCompatibilityChecker(new[] { SurfaceAssembly, "LockFirmware.Hal.Esp32" });
        checker.AddReference(NanoGatePaths.NanoMscorlib);
        checker.AddReference(hal);
        var violations = checker.Check(image);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    private static CSharpParseOptions ParseOptions => new(LanguageVersion.CSharp10);

    private static byte[] Surface() => s_surface.Value;

    private static byte[] CompileHalEsp32() => s_halEsp32.Value;

    private static byte[] CompileSurface()
    {
        string file = Path.Combine(NanoGatePaths.RepoRoot, "selftest", "LockFirmware.Tests", "Device", "ApiSurface", "NanoFrameworkApiSurface.cs");
        return Emit(Create(SurfaceAssembly, Parse(new[] { file }), new[] { s_mscorlib.Value }));
    }

    private static byte[] CompileHalEsp32Once()
    {
        var trees = Parse(Sources("hal/LockFirmware.Hal").Concat(Sources("hal/LockFirmware.Hal.Esp32")));
        return Emit(Create("LockFirmware.Hal.Esp32", trees, new[] { s_mscorlib.Value, MetadataReference.CreateFromImage(Surface()) }));
    }

    private static CSharpCompilation Create(string name, IEnumerable<SyntaxTree> trees, IEnumerable<MetadataReference> references)
        => CSharpCompilation.Create(name, trees, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Debug));

    private static byte[] Emit(CSharpCompilation compilation)
    {
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        // Warnings count too: the device projects are held to the same warnings-as-errors bar as the portable code.
        var problems = result.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(result.Success && problems.Count == 0,
            $"{compilation.AssemblyName} does not compile cleanly against nano mscorlib and the nanoFramework API surface:\n"
            + string.Join("\n", problems));
        return stream.ToArray();
    }

    private static IEnumerable<SyntaxTree> Parse(IEnumerable<string> files)
        => files.Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), ParseOptions, f)).ToList();

    private static IEnumerable<string> Sources(string folder)
    {
        string dir = Path.Combine(NanoGatePaths.RepoRoot, folder);
        string sep = Path.DirectorySeparatorChar.ToString();
        return Directory.GetFiles(dir, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains(sep + "bin" + sep, StringComparison.Ordinal) && !f.Contains(sep + "obj" + sep, StringComparison.Ordinal))
            .OrderBy(f => f, StringComparer.Ordinal);
    }
}

using System.IO;
using System.Linq;
using Xunit;

namespace LockFirmware.Tests.NanoGate;

/// <summary>The real firmware and HAL, as compiled against nanoFramework's mscorlib by nano/, pass the gate.</summary>
public class NanoGateAssemblyTests
{
    /// <summary>The nano-built LockFirmware.Hal.dll has nothing nanoCLR cannot run.</summary>
    [Fact]
    public void Nano_built_hal_passes_the_gate() => AssertPasses("LockFirmware.Hal.dll");

    /// <summary>The nano-built LockFirmware.dll has nothing nanoCLR cannot run.</summary>
    [Fact]
    public void Nano_built_firmware_passes_the_gate() => AssertPasses("LockFirmware.dll");

    private static void AssertPasses(string fileName)
    {
        string folder = NanoGatePaths.NanoOutputFolder;
        string path = Path.Combine(folder, fileName);
        Assert.True(File.Exists(path),
            $"The nano-built {fileName} is missing from {folder}. Build nano/LockFirmware.Nano first "
            + "(dotnet build LockFirmware.sln, or dotnet test, which builds it through a project reference).");

        var checker = new NanoCompatibilityChecker();
        checker.AddReference(NanoGatePaths.NanoMscorlib);
        string hal = Path.Combine(folder, "LockFirmware.Hal.dll");
        if (File.Exists(hal))
        {
            checker.AddReference(hal);
        }

        var violations = checker.Check(path);
        Assert.True(violations.Count == 0,
            $"{fileName} uses what nanoFramework cannot run:\n" + string.Join("\n", violations.Select(v => v.ToString())));
    }
}

using System;
using System.IO;
using System.Linq;
using System.Reflection;

namespace LockFirmware.Tests.NanoGate;

/// <summary>
/// Where the gate's inputs are: the repository root (found by walking up to LockFirmware.sln), the nano-built
/// assemblies under nano/bin/&lt;Configuration&gt;/ and nanoFramework's mscorlib.dll, whose path MSBuild writes into this
/// test assembly (AssemblyMetadata "NanoMscorlibPath", from the package's GeneratePathProperty) so it is right on any
/// machine after restore.
/// </summary>
public static class NanoGatePaths
{
    /// <summary>The folder that holds LockFirmware.sln, found by walking up from the test's base directory.</summary>
    /// <exception cref="InvalidOperationException">No ancestor folder holds LockFirmware.sln.</exception>
    public static string RepoRoot
    {
        get
        {
            for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "LockFirmware.sln")))
                {
                    return dir.FullName;
                }
            }
            throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} contains LockFirmware.sln.");
        }
    }

    /// <summary>nanoFramework.CoreLibrary's lib/mscorlib.dll, the reference assembly the nano builds compile against.</summary>
    public static string NanoMscorlib => Metadata("NanoMscorlibPath");

    /// <summary>The build configuration this test assembly was built in (Debug or Release).</summary>
    public static string Configuration => Metadata("BuildConfiguration");

    /// <summary>nano/bin/&lt;Configuration&gt;/, where nano/LockFirmware.Hal.Nano and nano/LockFirmware.Nano put their output.</summary>
    public static string NanoOutputFolder => Path.Combine(RepoRoot, "nano", "bin", Configuration);

    private static string Metadata(string key)
    {
        string? value = typeof(NanoGatePaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == key)?.Value;
        if (string.IsNullOrEmpty(value))
        {
            throw new InvalidOperationException($"The test assembly has no AssemblyMetadata '{key}'; see LockFirmware.Tests.csproj.");
        }
        return value;
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using LockFirmware.Tests.NanoGate;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace LockFirmware.Tests.Device;

/// <summary>
/// The nanoFramework device projects (hal/LockFirmware.Hal.Esp32, firmware/LockFirmware.Device) cannot be built here:
/// the nanoFramework project system and its packages are not available. These checks catch what can be caught
/// without them: every source parses, every source is in its .nfproj, the package references agree with
/// packages.config, only known namespaces are imported, and the projects stay out of the host solution.
/// </summary>
public class DeviceProjectTests
{
    private static readonly string[] s_deviceFolders = { "hal/LockFirmware.Hal.Esp32", "firmware/LockFirmware.Device" };

    // Namespaces the device layer may import: nano mscorlib, the nanoFramework packages in packages.config, the project's own.
    private static readonly string[] s_allowedNamespaces =
    {
        "System", "System.IO", "System.Threading", "System.Reflection", "System.Runtime.InteropServices",
        "System.Device.Gpio", "System.Device.Adc", "System.Device.Pwm", "System.IO.Ports",
        "nanoFramework.Hardware.Esp32", "nanoFramework.Runtime.Native",
        "LockFirmware", "LockFirmware.Hal", "LockFirmware.Hal.Esp32",
    };

    /// <summary>Folders (relative to the repository root) and their project files.</summary>
    public static TheoryData<string, string> Projects => new()
    {
        { "hal/LockFirmware.Hal.Esp32", "LockFirmware.Hal.Esp32.nfproj" },
        { "firmware/LockFirmware.Device", "LockFirmware.Device.nfproj" },
    };

    /// <summary>Every C# file of the device projects parses as C# 10 without a syntax error.</summary>
    [Fact]
    public void Device_sources_parse_without_syntax_errors()
    {
        var files = DeviceSources().ToList();
        Assert.True(files.Count >= 14, $"Expected the device sources, found {files.Count} files.");
        var errors = new List<string>();
        foreach (string file in files)
        {
            SyntaxTree tree = CSharpSyntaxTree.ParseText(File.ReadAllText(file), new CSharpParseOptions(LanguageVersion.CSharp10), file);
            errors.AddRange(tree.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()));
        }
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    /// <summary>The device projects import only namespaces that nano mscorlib, their packages or the project provide.</summary>
    [Fact]
    public void Device_sources_import_only_known_namespaces()
    {
        var unknown = new List<string>();
        foreach (string file in DeviceSources())
        {
            var root = CSharpSyntaxTree.ParseText(File.ReadAllText(file)).GetCompilationUnitRoot();
            foreach (UsingDirectiveSyntax u in root.DescendantNodes().OfType<UsingDirectiveSyntax>())
            {
                string name = u.Name?.ToString() ?? "";
                if (!s_allowedNamespaces.Contains(name))
                {
                    unknown.Add($"{Path.GetFileName(file)}: using {name}");
                }
            }
        }
        Assert.True(unknown.Count == 0, string.Join("\n", unknown));
    }

    /// <summary>Each .cs file in a device folder is compiled by its .nfproj (old-style projects list files one by one).</summary>
    [Theory]
    [MemberData(nameof(Projects))]
    public void Every_source_is_listed_in_its_nfproj(string folder, string project)
    {
        string dir = Path.Combine(NanoGatePaths.RepoRoot, folder);
        XDocument doc = XDocument.Load(Path.Combine(dir, project));
        var listed = doc.Descendants().Where(e => e.Name.LocalName == "Compile")
            .Select(e => ((string?)e.Attribute("Include") ?? "").Replace('\\', '/'))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var missing = Directory.GetFiles(dir, "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(dir, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith("bin/", StringComparison.Ordinal) && !f.StartsWith("obj/", StringComparison.Ordinal))
            .Where(f => !listed.Contains(f))
            .ToList();
        Assert.True(missing.Count == 0, $"{project} does not compile: " + string.Join(", ", missing));
    }

    /// <summary>Every reference HintPath names a package id and version that packages.config restores.</summary>
    [Theory]
    [MemberData(nameof(Projects))]
    public void Hint_paths_match_packages_config(string folder, string project)
    {
        string dir = Path.Combine(NanoGatePaths.RepoRoot, folder);
        var packages = XDocument.Load(Path.Combine(dir, "packages.config")).Descendants("package")
            .Select(p => (string)p.Attribute("id")! + "." + (string)p.Attribute("version")!)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var hintPaths = XDocument.Load(Path.Combine(dir, project)).Descendants()
            .Where(e => e.Name.LocalName == "HintPath").Select(e => e.Value).ToList();
        Assert.NotEmpty(hintPaths);
        var bad = new List<string>();
        foreach (string hint in hintPaths)
        {
            Match m = Regex.Match(hint, @"packages\\([^\\]+)\\lib\\[^\\]+\.dll$");
            if (!m.Success || !packages.Contains(m.Groups[1].Value))
            {
                bad.Add(hint);
            }
        }
        Assert.True(bad.Count == 0, "HintPaths without a matching packages.config entry:\n" + string.Join("\n", bad));
    }

    /// <summary>The device projects are not in the host solution, which must build with the plain .NET SDK.</summary>
    [Fact]
    public void Device_projects_are_not_in_the_host_solution()
    {
        string sln = File.ReadAllText(Path.Combine(NanoGatePaths.RepoRoot, "LockFirmware.sln"));
        Assert.DoesNotContain(".nfproj", sln, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("LockFirmware.Hal.Esp32", sln, StringComparison.Ordinal);
        Assert.DoesNotContain("LockFirmware.Device", sln, StringComparison.Ordinal);
    }

    /// <summary>Only the device layer names System.Device.* or nanoFramework.Hardware.*: the portable firmware and HAL never do.</summary>
    [Fact]
    public void Portable_code_does_not_name_device_namespaces()
    {
        var offenders = new List<string>();
        foreach (string folder in new[] { "hal/LockFirmware.Hal", "firmware/LockFirmware" })
        {
            foreach (string file in SourcesUnder(folder))
            {
                string text = File.ReadAllText(file);
                if (text.Contains("System.Device.", StringComparison.Ordinal) || text.Contains("nanoFramework.Hardware", StringComparison.Ordinal))
                {
                    offenders.Add(Path.GetRelativePath(NanoGatePaths.RepoRoot, file));
                }
            }
        }
        Assert.True(offenders.Count == 0, "Portable sources naming device namespaces:\n" + string.Join("\n", offenders));
    }

    private static IEnumerable<string> DeviceSources() => s_deviceFolders.SelectMany(SourcesUnder);

    private static IEnumerable<string> SourcesUnder(string folder)
    {
        string dir = Path.Combine(NanoGatePaths.RepoRoot, folder);
        string sep = Path.DirectorySeparatorChar.ToString();
        return Directory.GetFiles(dir, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains(sep + "bin" + sep, StringComparison.Ordinal) && !f.Contains(sep + "obj" + sep, StringComparison.Ordinal));
    }
}

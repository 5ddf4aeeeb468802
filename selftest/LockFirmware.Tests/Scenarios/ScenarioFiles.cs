namespace LockFirmware.Tests.Scenarios;

/// <summary>Finds the repository's sim/scenarios folder from the test's working directory.</summary>
internal static class ScenarioFiles
{
    public static string Dir
    {
        get
        {
            var d = new DirectoryInfo(AppContext.BaseDirectory);
            while (d != null && !File.Exists(Path.Combine(d.FullName, "LockFirmware.sln"))) d = d.Parent;
            if (d == null) throw new InvalidOperationException("repository root (LockFirmware.sln) not found above " + AppContext.BaseDirectory);
            return Path.Combine(d.FullName, "sim", "scenarios");
        }
    }

    public static string Path_(string name) => Path.Combine(Dir, name);
}

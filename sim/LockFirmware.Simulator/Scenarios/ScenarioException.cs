namespace LockFirmware.Simulator.Scenarios;

/// <summary>A scenario file (or a <c>sim</c> console command) that cannot be used, with where and why.</summary>
public sealed class ScenarioException : Exception
{
    /// <summary>Creates the error.</summary>
    /// <param name="file">File name as given (or a pseudo name such as <c>console</c>).</param>
    /// <param name="line">1-based line, 0 when unknown.</param>
    /// <param name="reason">What is wrong, in words a person can act on.</param>
    public ScenarioException(string file, int line, string reason) : base(reason)
    {
        File = file;
        Line = line;
        Reason = reason;
    }

    /// <summary>File name as given.</summary>
    public string File { get; }
    /// <summary>1-based line of the offending node, 0 when unknown.</summary>
    public int Line { get; }
    /// <summary>The reason without location.</summary>
    public string Reason { get; }

    /// <summary><c>file:line: reason</c>, the form printed on stderr.</summary>
    public override string ToString() => Line > 0 ? $"{File}:{Line}: {Reason}" : $"{File}: {Reason}";
}

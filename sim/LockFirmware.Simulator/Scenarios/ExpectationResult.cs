namespace LockFirmware.Simulator.Scenarios;

/// <summary>The outcome of one key of one expectation.</summary>
/// <param name="Line">Line of the expectation in the file.</param>
/// <param name="AtMs">When it was checked (scenario time, ms).</param>
/// <param name="AtText">The expectation's <c>at</c> as written (<c>end</c> or a time).</param>
/// <param name="Key">The expectation key, e.g. <c>lock_state</c>.</param>
/// <param name="Expected">Expected value as text.</param>
/// <param name="Actual">Actual value as text.</param>
/// <param name="Passed">True when it held.</param>
public sealed record ExpectationResult(int Line, long AtMs, string AtText, string Key, string Expected, string Actual, bool Passed)
{
    /// <summary>One line: <c>file:line: at 5s: lock_state expected unlocked, got locked</c> (or <c>ok</c>).</summary>
    public string Describe(string file) => Passed
        ? $"{file}:{Line}: at {AtText}: {Key} {Expected} (actual: {Actual})"
        : $"{file}:{Line}: at {AtText}: {Key} expected {Expected}, got {Actual}";
}

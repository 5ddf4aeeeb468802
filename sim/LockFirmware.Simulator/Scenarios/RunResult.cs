namespace LockFirmware.Simulator.Scenarios;

/// <summary>What a scenario run produced.</summary>
/// <param name="Results">Every expectation key's outcome, in evaluation order.</param>
/// <param name="Final">State at the end of the run.</param>
public sealed record RunResult(IReadOnlyList<ExpectationResult> Results, LockSnapshot Final)
{
    /// <summary>The failed ones.</summary>
    public IEnumerable<ExpectationResult> Failed => Results.Where(r => !r.Passed);
    /// <summary>True when every expectation held.</summary>
    public bool Passed => Results.All(r => r.Passed);
    /// <summary>The <c>locksim run</c> exit code: 0 all held, 1 at least one failed.</summary>
    public int ExitCode => Passed ? 0 : 1;
}

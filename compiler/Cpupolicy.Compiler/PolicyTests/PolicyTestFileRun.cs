using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.PolicyTests;

/// <summary>One policy's test run (<see cref="PolicyTestSuite"/>): its files, what reading them reported, each assertion's outcome.</summary>
public sealed record PolicyTestFileRun(string PolicyPath, string TestPath, IReadOnlyList<Diagnostic> Diagnostics, IReadOnlyList<PolicyTestOutcome> Outcomes)
{
    /// <summary>A file could not be read or a policy did not compile: the assertions did not run.</summary>
    public bool Broken => Diagnostics.Any(d => d.IsError);

    public bool Ok => !Broken && Outcomes.All(o => o.Passed);
}

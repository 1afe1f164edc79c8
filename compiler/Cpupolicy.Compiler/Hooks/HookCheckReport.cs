namespace Cpupolicy.Compiler.Hooks;

/// <summary>
/// What <c>hook check</c> found: the hook file, the command it runs, the bundle, the bundle version in the file and
/// the one the installed hook reads (null where unknown), and every problem (none: the install is clean).
/// </summary>
public sealed record HookCheckReport(
    string Platform,
    string Hook,
    IReadOnlyList<string> Command,
    string Bundle,
    int? BundleVersion,
    int? HookBundleVersion,
    IReadOnlyList<HookCheckProblem> Problems)
{
    public bool Ok => Problems.Count == 0;
}

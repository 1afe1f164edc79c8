namespace Cpupolicy.Hooks;

/// <summary>
/// What <c>cpupolicy apply xapi</c> does with one halted VM: the profile and featureset it gets, or why it is
/// skipped (no profile, a profile compiled without a xapi target).
/// </summary>
public sealed record XapiAssignment(XapiVm Vm, ProfileMatch? Match, string? Featureset, string? Skipped)
{
    /// <summary>The xe arguments that set the VM's featureset (null when skipped).</summary>
    public IReadOnlyList<string>? Command => Featureset is null ? null : ["vm-param-set", $"uuid={Vm.Uuid}", $"platform:featureset={Featureset}"];
}

using Cpupolicy.Core.Bundle;
using System.Text;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Hooks;

/// <summary>
/// Plans <c>cpupolicy apply xapi</c>: for each halted VM (<see cref="XeVmList"/>), the featureset of its profile.
/// A featureset only takes effect at a cold start and XAPI applies the pool level when the key is absent, so the
/// plan covers halted VMs, each set in full; running VMs pick theirs up at their next halt and apply.
/// </summary>
public static class XapiApply
{
    public static IReadOnlyList<XapiAssignment> Plan(HookBundle bundle, IReadOnlyList<XapiVm> vms)
    {
        var plan = new List<XapiAssignment>();
        foreach (var vm in vms)
        {
            try
            {
                var match = ProfileResolver.Resolve(bundle, vm.NameLabel, null, string.Empty);
                var artifact = match.Profile.Artifact(XapiHook.Backend);
                plan.Add(artifact is null
                    ? new XapiAssignment(vm, match, null, $"profile `{match.Profile.Name}` has no xapi artifact (compile with `target xapi`)")
                    : new XapiAssignment(vm, match, XapiFeaturesetChecker.FeaturesetOf(artifact, bundle.Path), null));
            }
            catch (DiagnosticException e) when (e.Diagnostic.Code == DiagnosticCatalog.VmUnknown.Code)
            {
                plan.Add(new XapiAssignment(vm, null, null, "no `vm` glob matches it and the policy has no default profile"));
            }
        }

        return plan;
    }

    /// <summary>
    /// The whole of <c>apply xapi</c>: lists the halted VMs through <paramref name="xe"/>, plans each one and, with
    /// <paramref name="run"/>, runs its <c>vm-param-set</c>. Lazy, one VM at a time, so a caller can report each VM
    /// as xe answers (a hung or missing xe throws CP0610 at the VM it reached).
    /// </summary>
    public static IEnumerable<XapiApplied> Apply(HookBundle bundle, XeClient xe, bool run)
    {
        var list = xe.Value(xe.Run(XeVmList.HaltedVmsArguments), XeVmList.HaltedVmsArguments);
        foreach (var item in Plan(bundle, XeVmList.Parse(list)))
        {
            yield return new XapiApplied(item, run && item.Command is { } args ? xe.Run(args) : null);
        }
    }

    /// <summary>A command line a shell runs as given: arguments outside <c>[A-Za-z0-9_./:=@%+,-]</c> are single-quoted.</summary>
    public static string ShellLine(string program, IReadOnlyList<string> arguments)
    {
        var line = new StringBuilder(Quote(program));
        foreach (var a in arguments)
        {
            line.Append(' ').Append(Quote(a));
        }

        return line.ToString();
    }

    private static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "_./:=@%+,-".Contains(c, StringComparison.Ordinal))
            ? word
            : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}

using Cpupolicy.Core.Bundle;
using System.Text;
using System.Text.RegularExpressions;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Hooks;

/// <summary>
/// The XAPI <c>vm-pre-start</c> hook (<c>/etc/xapi.d/vm-pre-start/10-cpupolicy -vmuuid UUID -reason REASON</c>;
/// research xen.md §5.4). xenopsd has already been given this boot's featureset when the hook runs, so the hook can
/// only veto: it reads the VM's name and <c>platform:featureset</c> with <c>xe vm-param-get</c>, checks the
/// featureset against the VM's profile, and exits 2 (XAPI aborts the start with XAPI_HOOK_FAILED and this line) in
/// enforce mode, or 1 (XAPI logs the line and goes on) in advise mode and for errors under on-error allow.
/// The line also goes to stdout, which is what XAPI puts in its log and error.
/// </summary>
public sealed partial class XapiHook
{
    public const string Backend = "xapi";

    private readonly Func<string, string?> env;
    private readonly XeClient xe;
    private readonly XapiFeaturesetChecker checker;

    public XapiHook(Func<string, string?> env, XeClient xe, XapiFeaturesetChecker? checker = null)
    {
        this.env = env;
        this.xe = xe;
        this.checker = checker ?? new XapiFeaturesetChecker();
    }

    public HookOutcome Run(string vmUuid, string reason)
    {
        var vm = HookText.Clean(vmUuid, 80);
        var (bundle, bundleError) = TrustedBundle.TryRead(HookConfig.BundlePathFrom(env));

        var config = HookConfig.Resolve(env, bundle);
        if ((bundleError ?? config.Problem) is { } early)
        {
            return Error(config, vm, early);
        }

        try
        {
            if (!Uuid().IsMatch(vmUuid))
            {
                throw new DiagnosticException(DiagnosticCatalog.XeFailed.Create(
                    SourceSpan.WholeFile("<arguments>"), $"-vmuuid `{vm}` is not a VM UUID", "XAPI runs the hook as `HOOK -vmuuid UUID -reason REASON`"));
            }

            string[] nameArgs = ["vm-param-get", $"uuid={vmUuid}", "param-name=name-label"];
            var name = xe.Value(xe.Run(nameArgs), nameArgs);
            var label = $"VM `{HookText.Clean(name)}` ({vm})";
            if (ProfileResolver.TryResolve(bundle!, name, null, string.Empty) is null)
            {
                return new HookOutcome(HookExitCodes.Allow, HookLogLevel.Info, $"{label}: start allowed, not managed: no `vm` rule or `default` of the policy names it");
            }

            string[] featuresetArgs = ["vm-param-get", $"uuid={vmUuid}", "param-name=platform", "param-key=featureset"];
            var result = xe.Run(featuresetArgs);
            var featureset = result.KeyNotFound ? null : xe.Value(result, featuresetArgs);
            var match = ProfileResolver.Resolve(bundle!, name, null, string.Empty);
            var profile = $"profile `{HookText.Clean(match.Profile.Name)}` ({HookText.Clean(match.Reason)})";
            var artifact = match.Profile.Artifact(Backend) ?? throw new DiagnosticException(DiagnosticCatalog.ProfileLacksArtifact.Create(
                SourceSpan.WholeFile(bundle!.Path),
                $"profile `{HookText.Clean(match.Profile.Name)}` in bundle `{bundle.Path}` has no xapi artifact",
                "add `target xapi` to the policy (or drop every target line) and recompile"));
            var comparison = checker.Compare(featureset, artifact, bundle!.Target(Backend), $"{label} platform:featureset");
            if (comparison.Matches)
            {
                return new HookOutcome(HookExitCodes.Allow, HookLogLevel.Info, $"{label}: start allowed (reason {HookText.Clean(reason, 40)}), platform:featureset matches {profile}");
            }

            var difference = $"its platform:featureset breaks {profile}: {comparison.Describe()} [{DiagnosticCatalog.CpuBreaksProfile.Code}]";
            var line = config.Mode == HookMode.Enforce
                ? new HookOutcome(HookExitCodes.XapiVeto, HookLogLevel.Error, $"{label}: start vetoed (mode enforce), {difference}; fix with `cpupolicy apply xapi`")
                : new HookOutcome(HookExitCodes.XapiWarn, HookLogLevel.Warning, $"{label}: start allowed (mode advise) although {difference}");
            return WithStdout(line);
        }
        catch (DiagnosticException e)
        {
            return Error(config, vm, e.Diagnostic);
        }
    }

    private static HookOutcome Error(HookConfig config, string vm, Diagnostic problem)
    {
        var text = $"VM {vm}: {problem.Code} {HookText.Clean(problem.Message, 600)}";
        return WithStdout(config.OnError == OnErrorAction.Allow
            ? new HookOutcome(HookExitCodes.XapiWarn, HookLogLevel.Warning, $"{text}; start allowed (on error: allow)")
            : new HookOutcome(HookExitCodes.XapiVeto, HookLogLevel.Error, $"{text}; start vetoed (on error: refuse)"));
    }

    private static HookOutcome WithStdout(HookOutcome outcome) =>
        outcome with { Output = Encoding.UTF8.GetBytes($"{HookLog.Tag}: {outcome.Line}\n") };

    // Backtracking (source-generated, no start-up cost) on the hook path. Linear: anchored, fixed length.
    [GeneratedRegex("^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$", RegexOptions.CultureInvariant)]
    private static partial Regex Uuid();
}

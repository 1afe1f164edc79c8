using Cpupolicy.Core.Bundle;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Hooks;

/// <summary>
/// The process side of both hooks, shared by <c>cpupolicy hook ...</c> and any smaller hook-only build: run the
/// hook, write its ONE log line (stderr and syslog) and its output, return the exit code. A bug (any exception the
/// hook did not turn into a diagnostic) is logged as such and then takes the on-error path too, so a broken
/// cpupolicy cannot stop every VM on a host that chose on-error allow.
/// </summary>
public static class HookProcess
{
    /// <summary>The bundle.json version these hooks read (printed by <c>hook bundle-version</c> for <c>hook check</c>).</summary>
    public static int BundleVersion => BundleDocument.CurrentVersion;

    public static int RunLibvirt(string name, string operation, string subOperation, Func<Stream> stdin, Stream stdout, TextWriter stderr, Func<string, string?> env)
    {
        if (!LibvirtHook.Handles(operation, subOperation))
        {
            return HookExitCodes.Allow;
        }

        var outcome = Guard(env, HookExitCodes.LibvirtRefuseError, () => new LibvirtHook(env).Run(name, operation, subOperation, stdin()));
        return Finish(outcome, stdout, stderr, env, HookExitCodes.LibvirtRefuseError);
    }

    public static int RunXapi(string vmUuid, string reason, Stream stdout, TextWriter stderr, Func<string, string?> env)
    {
        var outcome = Guard(env, HookExitCodes.XapiVeto, () => new XapiHook(env, XeClient.FromEnvironment(env)).Run(vmUuid, reason));
        return Finish(outcome, stdout, stderr, env, HookExitCodes.XapiVeto);
    }

    private static HookOutcome Guard(Func<string, string?> env, int refuseCode, Func<HookOutcome> run)
    {
        try
        {
            return run();
        }
        catch (Exception e) when (e is not (OutOfMemoryException or DiagnosticException))
        {
            var allow = OnErrorAllows(env);
            var text = $"{DiagnosticCatalog.InternalError.Code} internal failure ({e.GetType().Name}: {HookText.Clean(e.Message, 300)}); this is a bug in cpupolicy, please report it";
            return allow
                ? new HookOutcome(refuseCode == HookExitCodes.XapiVeto ? HookExitCodes.XapiWarn : HookExitCodes.Allow, HookLogLevel.Warning, $"{text}; allowed (on error: allow)")
                : new HookOutcome(refuseCode, HookLogLevel.Error, $"{text}; refused (on error: refuse)");
        }
    }

    private static bool OnErrorAllows(Func<string, string?> env)
    {
        HookBundle? bundle = null;
        try
        {
            bundle = TrustedBundle.Read(HookConfig.BundlePathFrom(env));
        }
        catch (DiagnosticException)
        {
            // The settings then come from the environment alone.
        }

        return HookConfig.Resolve(env, bundle).OnError == OnErrorAction.Allow;
    }

    private static int Finish(HookOutcome outcome, Stream stdout, TextWriter stderr, Func<string, string?> env, int refuseCode)
    {
        var log = HookLog.FromEnvironment(stderr, env);
        log.Write(outcome);
        if (outcome.Output is { } output)
        {
            try
            {
                stdout.Write(output);
                stdout.Flush();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException or NotSupportedException)
            {
                // stdout closed or broken (found by tests/Reliability): the rewrite never reached the hypervisor, so the
                // run failed like any other error and takes the on-error path (libvirt keeps the XML it had).
                var allow = OnErrorAllows(env);
                var text = $"{DiagnosticCatalog.OutputNotWritable.Code} the rewritten definition could not be written to stdout ({HookText.Clean(e.Message, 200)})";
                log.Write(allow ? HookLogLevel.Warning : HookLogLevel.Error, allow ? $"{text}; allowed (on error: allow)" : $"{text}; refused (on error: refuse)");
                return allow ? (refuseCode == HookExitCodes.XapiVeto ? HookExitCodes.XapiWarn : HookExitCodes.Allow) : refuseCode;
            }
        }

        return outcome.ExitCode;
    }
}

using Cpupolicy.Policy.Diagnostics;

namespace Cpupolicy.Compiler.Hooks;

/// <summary>
/// The settings one hook run acts on. Each comes from the environment first (admins and tests override without
/// recompiling), then the bundle, then the default: <c>CPUPOLICY_BUNDLE</c> (path, default
/// <see cref="BundleReader.DefaultPath"/>), <c>CPUPOLICY_MODE</c> (<c>enforce</c>/<c>advise</c>) and
/// <c>CPUPOLICY_ON_ERROR</c> (<c>allow</c>/<c>refuse</c>, also spelled <c>fail-open</c>/<c>fail-closed</c>).
/// A value that is none of these is a <see cref="Problem"/>: the hook cannot know what the admin meant, so it takes
/// the error path, and an unreadable on-error falls back to the bundle's (or allow). The bundle's settings count only
/// when the bundle was read, which <see cref="BundleReader.ReadTrusted"/> refuses for a bundle others can change
/// (CP0620): then the environment (where the installers write their settings) and the defaults decide alone.
/// </summary>
public sealed record HookConfig(string BundlePath, HookMode Mode, OnErrorAction OnError, Diagnostic? Problem)
{
    public const string BundleVariable = "CPUPOLICY_BUNDLE";
    public const string ModeVariable = "CPUPOLICY_MODE";
    public const string OnErrorVariable = "CPUPOLICY_ON_ERROR";

    /// <summary>Where the bundle is, before it is read (so its settings can then be applied).</summary>
    public static string BundlePathFrom(Func<string, string?> env) =>
        env(BundleVariable) is { Length: > 0 } path ? path : BundleReader.DefaultPath;

    /// <summary>The settings, from the environment and then <paramref name="bundle"/> (null when it could not be read).</summary>
    public static HookConfig Resolve(Func<string, string?> env, HookBundle? bundle)
    {
        Diagnostic? problem = null;
        var onError = OnErrorAction.Allow;
        if (ParseOnError(bundle?.OnError) is { } fromBundle)
        {
            onError = fromBundle;
        }

        if (env(OnErrorVariable) is { Length: > 0 } rawOnError)
        {
            if (ParseOnError(rawOnError) is { } fromEnv)
            {
                onError = fromEnv;
            }
            else
            {
                problem = Invalid(OnErrorVariable, rawOnError, "allow, refuse, fail-open or fail-closed");
            }
        }

        var mode = HookMode.Enforce;
        if (ParseMode(bundle?.Mode) is { } bundleMode)
        {
            mode = bundleMode;
        }

        if (env(ModeVariable) is { Length: > 0 } rawMode)
        {
            if (ParseMode(rawMode) is { } envMode)
            {
                mode = envMode;
            }
            else
            {
                problem ??= Invalid(ModeVariable, rawMode, "enforce or advise");
            }
        }

        return new HookConfig(BundlePathFrom(env), mode, onError, problem);
    }

    public static HookMode? ParseMode(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "enforce" => HookMode.Enforce,
        "advise" => HookMode.Advise,
        _ => null,
    };

    public static OnErrorAction? ParseOnError(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "allow" or "fail-open" => OnErrorAction.Allow,
        "refuse" or "fail-closed" => OnErrorAction.Refuse,
        _ => null,
    };

    public static string Name(HookMode mode) => mode == HookMode.Enforce ? "enforce" : "advise";

    public static string Name(OnErrorAction action) => action == OnErrorAction.Allow ? "allow" : "refuse";

    private static Diagnostic Invalid(string variable, string value, string allowed) =>
        DiagnosticCatalog.HookSettingInvalid.Create(
            SourceSpan.ForElement("<environment>", variable),
            $"{variable}=`{HookText.Clean(value)}` is not one of {allowed}",
            $"fix {variable} in the hook's environment");
}

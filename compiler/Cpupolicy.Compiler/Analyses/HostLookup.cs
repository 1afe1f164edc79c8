using Cpupolicy.Core.Database;
using Cpupolicy.Compiler.Semantics.Binding;

namespace Cpupolicy.Compiler.Analyses;

/// <summary>
/// A host named on the command line (<c>--to</c>, <c>--from</c>): a host of the policy when one is given and has that
/// name, else an inventory file read as a policy's <c>host NAME from "FILE"</c> would.
/// </summary>
public static class HostLookup
{
    public static HostSymbol Resolve(string value, string option, FleetPolicy? policy, TextReader? stdin = null, ModelDatabase? models = null)
    {
        models ??= ModelDatabase.Default;
        if (policy?.FindHost(value) is { } host)
        {
            return host;
        }

        if (policy is not null && value != "-" && !File.Exists(value))
        {
            // Neither a host of the policy nor a file: say so in terms of the policy.
            return policy.RequireHost(value, option);
        }

        if (policy is null && value != "-" && !File.Exists(value) && !Directory.Exists(value) && LooksLikeName(value))
        {
            throw new Core.Diagnostics.DiagnosticException(Core.Diagnostics.DiagnosticCatalog.FileNotFound.Create(
                Core.Diagnostics.SourceSpan.WholeFile(value),
                $"`{value}` is not a file",
                $"if `{value}` is a host of a policy, add `--policy FILE`: host names are looked up there"));
        }

        // Another architecture's host is read (without features) so that migrate can call it incompatible.
        var read = FleetHost.Read([value], stdin, models.FeatureDb, models, allowForeignArch: true);
        if (read.Count != 1)
        {
            // A node list or a directory stands for several hosts; taking the first would answer for a host the user did not pick.
            var names = read.Select(h => $"`{h.Name}`").ToList();
            throw new Core.Diagnostics.DiagnosticException(Core.Diagnostics.DiagnosticCatalog.KubevirtSeveralNodes.Create(
                Core.Diagnostics.SourceSpan.WholeFile(value),
                $"{option} `{value}` holds {read.Count} hosts ({(names.Count <= 6 ? string.Join(", ", names) : $"{string.Join(", ", names.Take(5))} and {names.Count - 5} more")}), but {option} takes one",
                "save the one you mean on its own (`kubectl get node NAME -o yaml`), or name it as a host of --policy"));
        }

        return read[0].Symbol;
    }

    /// <summary>A bare word (no path separator, no extension-like dot at the end) that could be a host or profile name.</summary>
    public static bool LooksLikeName(string value) =>
        value.Length is > 0 and < 64 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') && char.IsAsciiLetter(value[0]);
}

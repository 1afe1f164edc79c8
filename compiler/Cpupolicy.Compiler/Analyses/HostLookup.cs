using Cpupolicy.Compiler.Database;
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

        // Another architecture's host is read (without features) so that migrate can call it incompatible.
        return FleetHost.Read([value], stdin, models.FeatureDb, models, allowForeignArch: true)[0].Symbol;
    }
}

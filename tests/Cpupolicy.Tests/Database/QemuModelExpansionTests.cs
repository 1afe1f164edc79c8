using System.Text.Json.Nodes;
using Cpupolicy.Core.Database;
using Cpupolicy.Compiler.Peers.Qemu;
using Cpupolicy.Generator.Sources;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Database;

/// <summary>
/// Every QEMU 7.2 model (versioned and alias) in the database has exactly the features real QEMU expands it to
/// under TCG. One QEMU process answers every model.
/// </summary>
public sealed class QemuModelExpansionTests
{
    [SkippableFact]
    public void Every_qemu_model_has_the_features_qemu_expands_it_to()
    {
        var qemu = Peers.RequireQemu();
        var db = ModelDatabase.Default;
        using var qmp = QmpClient.Start(qemu, QemuSource.ExpansionArguments);
        Assert.Equal((7, 2), (qmp.Version.Major, qmp.Version.Minor));

        var definitions = qmp.Execute("query-cpu-definitions")!.AsArray().Select(d => d!.AsObject()).ToList();
        var names = definitions.Select(d => (string)d["name"]!).Where(n => !QemuSource.SkippedModels.Contains(n)).ToList();
        Assert.True(names.Count >= 129, $"QEMU lists only {names.Count} models");
        var problems = new List<string>();
        foreach (var name in names)
        {
            var model = db.Find(ModelDatabase.Qemu, name);
            if (model is null)
            {
                problems.Add($"{name}: not in the database");
                continue;
            }

            var expected = QemuSource.EnabledFlags(QemuSource.StaticExpansion(qmp, name)).ToHashSet(StringComparer.Ordinal);
            var actual = db.FeatureDb.Expand(model.Features)
                .Select(f => f.Spellings.Qemu ?? $"(no QEMU name: {f.Name})")
                .ToHashSet(StringComparer.Ordinal);
            if (!expected.SetEquals(actual))
            {
                problems.Add($"{name}: QEMU has +[{string.Join(' ', expected.Except(actual).Order())}] "
                    + $"the database has +[{string.Join(' ', actual.Except(expected).Order())}]");
            }

            var definition = definitions.Single(d => (string)d["name"]! == name);
            if (model.AliasOf != (string?)definition["alias-of"] || model.MigrationSafe != (bool?)definition["migration-safe"])
            {
                problems.Add($"{name}: alias-of/migration-safe differ from query-cpu-definitions");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.Equal(names.Count, db.InCatalog(ModelDatabase.Qemu).Count);
    }

    [SkippableFact]
    public void Qemu_aliases_resolve_to_the_flag_qemu_maps_them_to()
    {
        var qemu = Peers.RequireQemu();
        using var qmp = QmpClient.Start(qemu, QemuSource.ExpansionArguments);
        var db = FeatureDatabase.Default;
        foreach (var alias in new[] { "sse4-1", "sse4_1", "pclmuldq", "lahf_lm", "i64", "xd", "ffxsr", "sse3", "tsc_adjust" })
        {
            var enabled = QemuSource.EnabledFlags(QemuSource.StaticExpansion(qmp, "base", new JsonObject { [alias] = true }));
            var flag = Assert.Single(enabled);
            Assert.Equal(flag, db.Find(alias)?.Spellings.Qemu);
        }
    }
}

using System.Globalization;
using Cpupolicy.Core.Backends.Qemu.Arm64;
using Cpupolicy.Core.Database;
using Cpupolicy.Core.Database.Arm64;
using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Core.Ir;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Cpupolicy.Tests.Backends;

/// <summary>
/// openEuler's SYSREG pins (<c>release openeuler-8.2</c>) for hosts known by their real ID registers or only by their
/// /proc/cpuinfo hwcaps: KVM lets a VMM lower a field, never raise it, so a pin above a host's real level stops the VM
/// from starting; paca and pacg come from one of three fields (one per PAuth algorithm) that a hwcap does not name.
/// The embedded writable table keeps the PAuth fields read-only, so the tests also use tables where they are
/// writable (and one where every field is), as a newer KVM may report.
/// </summary>
public sealed class Arm64AlternativeFieldPinTests
{
    private static Arm64Database Db => Arm64Database.Default;

    private static readonly string[] PauthFields = ["ID_AA64ISAR1_EL1.APA", "ID_AA64ISAR1_EL1.API", "ID_AA64ISAR2_EL1.APA3", "ID_AA64ISAR1_EL1.GPA", "ID_AA64ISAR1_EL1.GPI", "ID_AA64ISAR2_EL1.GPA3"];

    private static Arm64WritableFields WithPauth => Arm64WritableFields.Of(Db, Arm64WritableFields.Default.Fields.Concat(PauthFields.Select(k => Db.FindField(k)!)));

    private static Arm64WritableFields AllFields => Arm64WritableFields.Of(Db, Db.Fields);

    private static readonly FeatureSet Hwcaps = FeatureSet.Of(Db.Features.Where(f => f.IsHwcap).Select(f => f.Index));

    /// <summary>
    /// For all profiles over 1 to 3 hosts, each a random register assignment that the compiler knows by its hwcap
    /// names (as /proc/cpuinfo gives them) or, now and then, by its register dump: under every writable table, the
    /// emitted openEuler artifact pins no field above any host's real level, and on each real host the guest sees
    /// exactly the profile within what the artifact controls and within the hwcaps (which the hosts' inventories
    /// state, so any the profile leaves out is hidden or refused with CP1008).
    /// </summary>
    [Property(MaxTest = 300)]
    public Property OpenEuler_pins_never_raise_a_field_and_give_the_profile_on_every_real_host() =>
        Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue - 1)), seed =>
        {
            var random = new Random(seed);
            var reals = Enumerable.Range(0, 1 + random.Next(3)).Select(_ => Arm64TestProfiles.RandomLevels(random, 0.3 + (random.NextDouble() * 0.6))).ToList();
            var known = reals.Select(r => random.Next(4) == 0 ? r : Arm64TestProfiles.FromCpuinfo(r)).ToList();
            var profile = Profile(random, known);
            var profileLevels = Arm64Levels.FromFeatures(profile.Features, Db);
            foreach (var (table, name) in new[] { (Arm64WritableFields.Default, "default"), (WithPauth, "pauth"), (AllFields, "all") })
            {
                var cpu = new Arm64QemuCpu(Db, table);
                string artifact;
                try
                {
                    artifact = cpu.Emit(profile, Arm64QemuCpu.OpenEuler82, "auto");
                }
                catch (DiagnosticException e) when (e.Diagnostic.Code == "CP1008")
                {
                    // The refusal is true; and with every field writable only a feature the profile's levels give
                    // but it leaves out, or one a dump host gives through a field it does not want, is refused.
                    Assert.Contains(profile.HostCpus, h => !(h.Capability - profile.Features).IsEmpty);
                    if (table == AllFields)
                    {
                        Assert.True(
                            !profileLevels.Features.Equals(profile.Features) || profileLevels.Unresolved.Any(f => known.Any(k => !k.Unresolved.Contains(f))),
                            $"{name}: {e.Diagnostic.Message}");
                    }

                    continue;
                }

                var items = Items(artifact);
                foreach (var (key, value, _) in items.Where(i => i.Key.StartsWith("SYSREG_", StringComparison.Ordinal)))
                {
                    var field = table.Fields.Single(f => Arm64WritableFields.PropertyName(f) == key);
                    var level = field.Rank(int.Parse(value.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    Assert.All(reals, r => Assert.True(level <= r.Get(field), $"{name}: {key}={value} raises the field of a host at {r.Get(field)}\n{artifact}"));
                }

                var scope = cpu.Controllable(profile, Arm64QemuCpu.OpenEuler82, "auto") | Hwcaps;
                foreach (var real in reals)
                {
                    var seen = cpu.OnHost(real.Features, "host", items, Arm64QemuCpu.OpenEuler82, "artifact", 1);
                    Assert.True((seen & scope).Equals(profile.Features & scope),
                        $"{name}: on {real} the guest lost [{Names((profile.Features - seen) & scope)}], gained [{Names((seen - profile.Features) & scope)}]\n{artifact}");
                }
            }

            return true;
        });

    [Fact]
    public void Paca_on_an_api_host_known_by_hwcaps_pins_no_pauth_field_and_the_guest_keeps_it()
    {
        var api = Real(("ID_AA64ISAR1_EL1.API", 1), ("ID_AA64ISAR1_EL1.GPI", 1), ("ID_AA64ISAR0_EL1.AES", 1));
        var host = Arm64TestProfiles.FromCpuinfo(api);
        var profile = ProfileOver(host.Features, host);
        foreach (var table in new[] { Arm64WritableFields.Default, WithPauth })
        {
            var cpu = new Arm64QemuCpu(Db, table);
            var artifact = cpu.Emit(profile, Arm64QemuCpu.OpenEuler82, "auto");
            Assert.DoesNotContain("SYSREG_ID_AA64ISAR1_EL1_APA=0x1", artifact, StringComparison.Ordinal);
            Assert.All(PauthFields, k => Assert.DoesNotContain(Arm64WritableFields.PropertyName(Db.FindField(k)!) + "=", artifact, StringComparison.Ordinal));
            var seen = cpu.OnHost(api.Features, "host", Items(artifact), Arm64QemuCpu.OpenEuler82, "artifact", 1);
            Assert.Contains(Db.Find("paca")!.Index, seen);
            Assert.Contains(Db.Find("pacg")!.Index, seen);
        }
    }

    [Fact]
    public void A_profile_without_paca_pins_every_alternative_field_to_zero()
    {
        var api = Real(("ID_AA64ISAR1_EL1.API", 1), ("ID_AA64ISAR1_EL1.GPI", 1), ("ID_AA64ISAR0_EL1.AES", 1));
        var host = Arm64TestProfiles.FromCpuinfo(api);
        var cpu = new Arm64QemuCpu(Db, WithPauth);
        var withoutPauth = host.Features - Db.SetOf("paca", "pacg");
        foreach (var profile in new[] { ProfileOver(withoutPauth, host), ProfileOver(withoutPauth) })
        {
            var artifact = cpu.Emit(profile, Arm64QemuCpu.OpenEuler82, "auto");
            Assert.All(PauthFields, k => Assert.Contains(Arm64WritableFields.PropertyName(Db.FindField(k)!) + "=0x0", artifact, StringComparison.Ordinal));
            var seen = cpu.OnHost(api.Features, "host", Items(artifact), Arm64QemuCpu.OpenEuler82, "artifact", 1);
            Assert.DoesNotContain(Db.Find("paca")!.Index, seen);
            Assert.DoesNotContain(Db.Find("pacg")!.Index, seen);
            Assert.Contains(Db.Find("paca")!.Index, cpu.Controllable(profile, Arm64QemuCpu.OpenEuler82, "auto"));
        }

        // Under the embedded table (PAuth fields read-only) the same profile is refused, naming the release's limit.
        var refused = Assert.Throws<DiagnosticException>(() => Arm64QemuCpu.Default.Emit(ProfileOver(withoutPauth, host), Arm64QemuCpu.OpenEuler82, "auto"));
        Assert.Equal("CP1008", refused.Diagnostic.Code);
        Assert.Contains("`paca`", refused.Diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dump_hosts_pin_by_their_own_fields_and_an_api_pin_keeps_paca_of_a_host_that_also_has_apa()
    {
        // One host has both APA and API (as random levels may): hiding ISAR1.APA (pinned to 0) must not take paca,
        // which API still gives.
        var both = Real(("ID_AA64ISAR1_EL1.APA", 1), ("ID_AA64ISAR1_EL1.API", 1));
        var api = Real(("ID_AA64ISAR1_EL1.API", 1));
        var profile = ProfileOver(api.Features, both, api);
        var cpu = new Arm64QemuCpu(Db, WithPauth);
        var artifact = cpu.Emit(profile, Arm64QemuCpu.OpenEuler82, "auto");
        Assert.Contains("SYSREG_ID_AA64ISAR1_EL1_APA=0x0", artifact, StringComparison.Ordinal);
        Assert.DoesNotContain("SYSREG_ID_AA64ISAR1_EL1_API=", artifact, StringComparison.Ordinal);
        Assert.Contains(Db.Find("paca")!.Index, cpu.OnHost(both.Features, "host", Items(artifact), Arm64QemuCpu.OpenEuler82, "artifact", 1));
    }

    /// <summary>The ceiling (the known hosts' minimum) less a few features and whatever needs them, as <c>baseline(...) - x</c> gives.</summary>
    private static ProfileIr Profile(Random random, IReadOnlyList<Arm64Levels> known)
    {
        var ceiling = known.Aggregate((a, b) => a.Minimum(b)).Features;
        var p = random.NextDouble() * 0.3;
        var removed = FeatureSet.Of(Db.Expand(ceiling).Where(_ => random.NextDouble() < p).Select(f => f.Index));
        var features = FeatureSet.Of(Db.Expand(ceiling).Where(f => !removed.Contains(f.Index) && (f.RequiresAll & removed).IsEmpty).Select(f => f.Index));
        return ProfileOver(features, [.. known]);
    }

    private static ProfileIr ProfileOver(FeatureSet features, params Arm64Levels[] hosts) => new()
    {
        Name = "p",
        Arch = ProfileIr.Aarch64,
        Features = features,
        Vendor = CpuVendor.HiSilicon,
        HostBaseline = hosts.Length == 0 ? null : hosts.Aggregate((a, b) => a.Minimum(b)).Features,
        Hosts = hosts.Select((_, i) => $"h{i}").ToList(),
        HostCpus = hosts.Select((h, i) => new ProfileHost($"h{i}", h.Features)).ToList(),
    };

    private static Arm64Levels Real(params (string Field, int Level)[] fields) =>
        fields.Aggregate(Arm64Levels.None(Db), (l, f) => l.With(Db.FindField(f.Field)!, f.Level));

    /// <summary>The properties of a <c>-cpu host,...</c> line as the decoder takes them.</summary>
    private static List<(string Key, string Value, int Column)> Items(string artifact)
    {
        var line = artifact.TrimEnd('\n')["-cpu ".Length..];
        var result = new List<(string, string, int)>();
        var column = "-cpu ".Length + 1;
        foreach (var part in line.Split(','))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                result.Add((part[..eq], part[(eq + 1)..], column));
            }

            column += part.Length + 1;
        }

        return result;
    }

    private static string Names(FeatureSet set) => string.Join(", ", Db.Expand(set).Select(f => f.Name));
}

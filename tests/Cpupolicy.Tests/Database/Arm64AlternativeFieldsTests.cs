using Cpupolicy.Core.Database;
using Cpupolicy.Core.Database.Arm64;
using Cpupolicy.Tests.Backends;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Cpupolicy.Tests.Database;

/// <summary>
/// Features with alternative fields (paca, pacg: one field per PAuth algorithm) in <see cref="Arm64Levels"/>: a hwcap
/// list does not say which field gives them, so the levels read from it claim none; the minimum keeps such a feature
/// while the hosts share a possible field.
/// </summary>
public sealed class Arm64AlternativeFieldsTests
{
    private static Arm64Database Db => Arm64Database.Default;

    private static Arm64Feature Paca => Db.Find("paca")!;

    /// <summary>ID_AA64ISAR1_EL1 with APA (bits 7:4, QARMA5) or API (bits 11:8, implementation defined) at PAuth.</summary>
    private static Arm64Levels Dump(string field) =>
        Arm64Levels.FromRegisters(new Dictionary<string, ulong> { ["ID_AA64ISAR1_EL1"] = field == "APA" ? 0x10UL : 0x100UL }, Db);

    private static Arm64Levels Hwcaps(params string[] names) => Arm64Levels.FromFeatures(Db.CloseUnderRequires(Db.SetOf(names)), Db);

    [Fact]
    public void The_only_features_with_alternative_fields_are_paca_and_pacg()
    {
        // The report of issue 16's leftover: every multi-condition feature of the generated database.
        Assert.Equal(["paca", "pacg"], Db.Features.Where(f => f.When.Count > 1).Select(f => f.Name));
        Assert.Equal(["ID_AA64ISAR1_EL1.APA", "ID_AA64ISAR2_EL1.APA3", "ID_AA64ISAR1_EL1.API"], Paca.When.Select(c => c.Field.Key));
        Assert.Equal(["ID_AA64ISAR1_EL1.GPA", "ID_AA64ISAR2_EL1.GPA3", "ID_AA64ISAR1_EL1.GPI"], Db.Find("pacg")!.When.Select(c => c.Field.Key));
    }

    [Fact]
    public void Paca_from_a_hwcap_list_claims_no_field()
    {
        var levels = Hwcaps("paca", "pacg");
        Assert.Empty(levels.Present);
        Assert.Equal(Db.SetOf("paca", "pacg"), levels.Features);
        Assert.Equal(Paca.When, levels.Candidates(Paca));
        Assert.DoesNotContain(Db.Find("ID_AA64ISAR1_EL1.APA")!.Index, levels.Features);
        Assert.Contains("paca=ID_AA64ISAR1_EL1.APA|ID_AA64ISAR2_EL1.APA3|ID_AA64ISAR1_EL1.API", levels.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_dump_states_its_field_and_a_feature_set_with_the_field_round_trips()
    {
        var api = Dump("API");
        Assert.Equal(1, api.Get(Db.FindField("ID_AA64ISAR1_EL1.API")!));
        Assert.Equal([Paca.When[2]], api.Candidates(Paca));
        Assert.Equal(api, Arm64Levels.FromFeatures(api.Features, Db));
        Assert.Empty(api.Unresolved);
    }

    [Fact]
    public void Two_hwcap_hosts_with_paca_keep_it_and_two_dumps_with_different_algorithms_do_not()
    {
        Assert.Contains(Paca.Index, Hwcaps("paca").Minimum(Hwcaps("paca")).Features);

        // QARMA5 on one host, the implementation-defined algorithm on the other: a pointer signed on one does not
        // authenticate on the other, so paca is not common to them.
        Assert.DoesNotContain(Paca.Index, Dump("APA").Minimum(Dump("API")).Features);

        // A hwcap host might use either: it keeps the dump's field as the one possibility, and so loses paca to a
        // third host using another field, in whichever order the minimum is taken.
        var mixed = Hwcaps("paca").Minimum(Dump("APA"));
        Assert.Contains(Paca.Index, mixed.Features);
        Assert.Equal([Paca.When[0]], mixed.Candidates(Paca));
        Assert.Empty(mixed.Present);
        Assert.DoesNotContain(Paca.Index, mixed.Minimum(Dump("API")).Features);
        Assert.DoesNotContain(Paca.Index, Dump("API").Minimum(Dump("APA")).Minimum(Hwcaps("paca")).Features);
    }

    [Fact]
    public void Setting_a_field_resolves_or_rules_out_an_alternative()
    {
        var apa = Db.FindField("ID_AA64ISAR1_EL1.APA")!;
        Assert.Empty(Hwcaps("paca").With(apa, 1).Unresolved);
        Assert.Contains(Paca.Index, Hwcaps("paca").With(apa, 1).Features);
        Assert.Equal([Paca.When[1], Paca.When[2]], Hwcaps("paca").With(apa, 0).Candidates(Paca));
    }

    /// <summary>
    /// For all three hosts, each known by an ID-register dump or by its hwcaps: the minimum is commutative and
    /// associative, and a feature with alternative fields is in it exactly when every host may give it through one
    /// same field.
    /// </summary>
    [Property(MaxTest = 300)]
    public Property The_minimum_is_order_free_and_keeps_a_feature_while_the_hosts_share_a_field() =>
        Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue - 1)), seed =>
        {
            var random = new Random(seed);
            var hosts = Enumerable.Range(0, 3).Select(_ =>
            {
                var real = Arm64TestProfiles.RandomLevels(random, 0.3 + (random.NextDouble() * 0.6));
                return random.Next(2) == 0 ? real : Arm64TestProfiles.FromCpuinfo(real);
            }).ToList();
            var (a, b, c) = (hosts[0], hosts[1], hosts[2]);
            var abc = a.Minimum(b).Minimum(c);
            Assert.Equal(abc, c.Minimum(a.Minimum(b)));
            Assert.Equal(abc, b.Minimum(c).Minimum(a));
            foreach (var f in Db.Features.Where(f => f.When.Count > 1))
            {
                var shared = f.When.Where(w => hosts.All(h => h.Candidates(f).Contains(w))).ToList();
                Assert.Equal(shared.Count > 0, abc.Features.Contains(f.Index));
                Assert.Equal(shared, abc.Candidates(f));
            }

            return true;
        });
}

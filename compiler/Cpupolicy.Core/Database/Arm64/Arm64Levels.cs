using System.Collections.Immutable;

namespace Cpupolicy.Core.Database.Arm64;

/// <summary>
/// A CPU's aarch64 feature state as one level per ordered ID-register field. The minimum feature set of several CPUs
/// is the field-wise minimum (<see cref="Minimum"/>), signed fields compared as signed: not a bitwise AND, which
/// would turn FP's "not implemented" (0xF) into a feature. A field a source did not state is absent.
/// <para>
/// A feature with alternative fields (<c>paca</c>: ID_AA64ISAR1_EL1.APA, ID_AA64ISAR2_EL1.APA3 or ID_AA64ISAR1_EL1.API,
/// one per PAuth algorithm) that a source names without its field (a hwcap in /proc/cpuinfo) is not given a field
/// level: the levels would then claim one algorithm where the host may have another, and a SYSREG pin or a minimum
/// read from them would treat the invention as a fact. It is kept as "one of these conditions holds"
/// (<see cref="Candidates"/>); the minimum keeps such a feature while the two sides share a possible condition, so
/// two hosts known to use different algorithms (APA on one, API on the other) have no <c>paca</c> in common: a guest
/// that signed pointers under one algorithm cannot authenticate them under the other.
/// </para>
/// </summary>
public sealed class Arm64Levels : IEquatable<Arm64Levels>
{
    private readonly ImmutableSortedDictionary<string, int> levels;

    // Feature index to a bit mask over that feature's When: one of those conditions holds, which one is unknown. Only
    // for multi-condition features the exact levels do not already give.
    private readonly ImmutableSortedDictionary<int, int> either;

    private Arm64Levels(ImmutableSortedDictionary<string, int> levels, ImmutableSortedDictionary<int, int> either, Arm64Database db)
    {
        this.levels = levels;
        this.either = either;
        Database = db;
    }

    private Arm64Levels(ImmutableSortedDictionary<string, int> levels, Arm64Database db)
        : this(levels, ImmutableSortedDictionary<int, int>.Empty, db)
    {
    }

    public Arm64Database Database { get; }

    /// <summary>
    /// Field key to level, for the fields whose level is not <see cref="Arm64Field.Absent"/> and is known: a field
    /// that only one alternative of a feature might be (<see cref="Unresolved"/>) is not here.
    /// </summary>
    public IReadOnlyDictionary<string, int> Present => levels;

    /// <summary>The features present through one of their alternative fields, which one unknown (see the class summary).</summary>
    public IEnumerable<Arm64Feature> Unresolved => either.Keys.Select(i => Database.Features[i]);

    public static Arm64Levels None(Arm64Database db) => new(ImmutableSortedDictionary.Create<string, int>(StringComparer.Ordinal), db);

    /// <summary>From register values (name to 64-bit value); registers not given are all-absent.</summary>
    public static Arm64Levels FromRegisters(IReadOnlyDictionary<string, ulong> registers, Arm64Database db)
    {
        var b = ImmutableSortedDictionary.CreateBuilder<string, int>(StringComparer.Ordinal);
        foreach (var field in db.Fields)
        {
            if (registers.TryGetValue(field.Register, out var value) && field.Level(value) is var level && level != field.Absent)
            {
                b[field.Key] = level;
            }
        }

        return new Arm64Levels(b.ToImmutable(), db);
    }

    /// <summary>
    /// The smallest levels that give every feature of the set (the set is closed under prerequisites). A feature of
    /// one field sets that field; a feature with alternative fields the others do not already give (<c>paca</c> from
    /// a hwcap list, without <c>ID_AA64ISAR1_EL1.APA</c> or <c>.API</c>) sets none and stays <see cref="Unresolved"/>.
    /// </summary>
    public static Arm64Levels FromFeatures(FeatureSet features, Arm64Database db)
    {
        var b = ImmutableSortedDictionary.CreateBuilder<string, int>(StringComparer.Ordinal);
        foreach (var f in db.Expand(features).Where(f => f.When.Count == 1))
        {
            var c = f.Primary;
            if (!b.TryGetValue(c.Field.Key, out var have) || have < c.Level)
            {
                b[c.Field.Key] = c.Level;
            }
        }

        var exact = new Arm64Levels(b.ToImmutable(), db);
        var e = ImmutableSortedDictionary.CreateBuilder<int, int>();
        foreach (var f in db.Expand(features).Where(f => f.When.Count > 1 && !f.IsIn(exact)))
        {
            e[f.Index] = (1 << f.When.Count) - 1;
        }

        return new Arm64Levels(exact.levels, e.ToImmutable(), db);
    }

    public int Get(Arm64Field field) => levels.TryGetValue(field.Key, out var l) ? l : field.Absent;

    /// <summary>
    /// The field at exactly this level. An unresolved feature loses the alternatives the new level rules out, and is
    /// resolved when the field now gives it.
    /// </summary>
    public Arm64Levels With(Arm64Field field, int level)
    {
        var set = new Arm64Levels(level == field.Absent ? levels.Remove(field.Key) : levels.SetItem(field.Key, level), Database);
        var e = ImmutableSortedDictionary.CreateBuilder<int, int>();
        foreach (var (index, mask) in either)
        {
            var f = Database.Features[index];
            var left = Mask(f, (c, i) => (mask & (1 << i)) != 0 && (c.Field.Key != field.Key || c.Level <= level));
            if (left != 0 && !f.IsIn(set))
            {
                e[index] = left;
            }
        }

        return new Arm64Levels(set.levels, e.ToImmutable(), Database);
    }

    /// <summary>
    /// The conditions of <paramref name="feature"/> that may be what gives it here: those the known levels meet, or
    /// for an unresolved feature its remaining alternatives; empty when the feature is absent.
    /// </summary>
    public IReadOnlyList<Arm64Condition> Candidates(Arm64Feature feature)
    {
        var mask = CandidateMask(feature);
        return feature.When.Where((_, i) => (mask & (1 << i)) != 0).ToList();
    }

    /// <summary>
    /// The field-wise minimum: what a guest may be given so that it runs on both. A feature with alternative fields is
    /// in it when the two sides share a possible condition (<see cref="Candidates"/>); the shared ones are what is
    /// left unresolved. Both parts are intersections, so the minimum of many is the same in any order.
    /// </summary>
    public Arm64Levels Minimum(Arm64Levels other)
    {
        var b = ImmutableSortedDictionary.CreateBuilder<string, int>(StringComparer.Ordinal);
        foreach (var field in Database.Fields)
        {
            var level = Math.Min(Get(field), other.Get(field));
            if (level != field.Absent)
            {
                b[field.Key] = level;
            }
        }

        var exact = new Arm64Levels(b.ToImmutable(), Database);
        var e = ImmutableSortedDictionary.CreateBuilder<int, int>();
        foreach (var f in Database.Features.Where(f => f.When.Count > 1 && !f.IsIn(exact)))
        {
            var shared = CandidateMask(f) & other.CandidateMask(f);
            if (shared != 0)
            {
                e[f.Index] = shared;
            }
        }

        return new Arm64Levels(exact.levels, e.ToImmutable(), Database);
    }

    /// <summary>Every database feature these levels give, the unresolved ones included.</summary>
    public FeatureSet Features =>
        FeatureSet.Of(Database.Features.Where(f => f.IsIn(this)).Select(f => f.Index)) | FeatureSet.Of(either.Keys);

    private int CandidateMask(Arm64Feature f) =>
        either.TryGetValue(f.Index, out var mask) ? mask : Mask(f, (c, _) => Get(c.Field) >= c.Level);

    private static int Mask(Arm64Feature f, Func<Arm64Condition, int, bool> keep) =>
        f.When.Select((c, i) => keep(c, i) ? 1 << i : 0).Aggregate(0, (a, b) => a | b);

    /// <summary>The register values these levels make (fields not in the database are zero).</summary>
    public IReadOnlyDictionary<string, ulong> Registers()
    {
        var result = new SortedDictionary<string, ulong>(StringComparer.Ordinal);
        foreach (var register in Database.Registers)
        {
            result[register] = Database.Fields.Where(f => f.Register == register).Aggregate(0UL, (v, f) => f.With(v, Get(f)));
        }

        return result;
    }

    public bool Equals(Arm64Levels? other) => other is not null && levels.SequenceEqual(other.levels) && either.SequenceEqual(other.either);

    public override bool Equals(object? obj) => Equals(obj as Arm64Levels);

    public override int GetHashCode() =>
        either.Aggregate(levels.Aggregate(0, (h, kv) => HashCode.Combine(h, kv.Key, kv.Value)), (h, kv) => HashCode.Combine(h, kv.Key, kv.Value));

    /// <summary><c>ID_AA64ISAR0_EL1.AES=2 ... paca=ID_AA64ISAR1_EL1.APA|ID_AA64ISAR1_EL1.API</c>.</summary>
    public override string ToString() => string.Join(" ", levels.Select(kv => $"{kv.Key}={kv.Value}")
        .Concat(Unresolved.Select(f => $"{f.Name}={string.Join('|', Candidates(f).Select(c => c.Field.Key))}")));
}

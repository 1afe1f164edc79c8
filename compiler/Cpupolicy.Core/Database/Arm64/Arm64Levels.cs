using System.Collections.Immutable;

namespace Cpupolicy.Core.Database.Arm64;

/// <summary>
/// A CPU's aarch64 feature state as one level per ordered ID-register field. The minimum feature set of several CPUs
/// is the field-wise minimum (<see cref="Minimum"/>), signed fields compared as signed: not a bitwise AND, which
/// would turn FP's "not implemented" (0xF) into a feature. A field a source did not state is absent.
/// </summary>
public sealed class Arm64Levels : IEquatable<Arm64Levels>
{
    private readonly ImmutableSortedDictionary<string, int> levels;

    private Arm64Levels(ImmutableSortedDictionary<string, int> levels, Arm64Database db)
    {
        this.levels = levels;
        Database = db;
    }

    public Arm64Database Database { get; }

    /// <summary>Field key to level, for the fields whose level is not <see cref="Arm64Field.Absent"/>.</summary>
    public IReadOnlyDictionary<string, int> Present => levels;

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

    /// <summary>The smallest levels that give every feature of the set (the set is closed under prerequisites).</summary>
    public static Arm64Levels FromFeatures(FeatureSet features, Arm64Database db)
    {
        var b = ImmutableSortedDictionary.CreateBuilder<string, int>(StringComparer.Ordinal);
        foreach (var f in db.Expand(features))
        {
            var c = f.Primary;
            if (!b.TryGetValue(c.Field.Key, out var have) || have < c.Level)
            {
                b[c.Field.Key] = c.Level;
            }
        }

        return new Arm64Levels(b.ToImmutable(), db);
    }

    public int Get(Arm64Field field) => levels.TryGetValue(field.Key, out var l) ? l : field.Absent;

    public Arm64Levels With(Arm64Field field, int level) =>
        new(level == field.Absent ? levels.Remove(field.Key) : levels.SetItem(field.Key, level), Database);

    /// <summary>The field-wise minimum: what a guest may be given so that it runs on both.</summary>
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

        return new Arm64Levels(b.ToImmutable(), Database);
    }

    /// <summary>Every database feature these levels give.</summary>
    public FeatureSet Features => FeatureSet.Of(Database.Features.Where(f => f.IsIn(this)).Select(f => f.Index));

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

    public bool Equals(Arm64Levels? other) => other is not null && levels.SequenceEqual(other.levels);

    public override bool Equals(object? obj) => Equals(obj as Arm64Levels);

    public override int GetHashCode() => levels.Aggregate(0, (h, kv) => HashCode.Combine(h, kv.Key, kv.Value));

    public override string ToString() => string.Join(" ", levels.Select(kv => $"{kv.Key}={kv.Value}"));
}

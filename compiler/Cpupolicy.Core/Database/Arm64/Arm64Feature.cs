namespace Cpupolicy.Core.Database.Arm64;

/// <summary>
/// One aarch64 feature: a field at (at least) a level. The canonical name is the Linux hwcap name where one exists
/// (<c>asimddp</c>, <c>atomics</c>, <c>sve</c>), else <c>REG.FIELD</c> for a field's first level and
/// <c>REG.FIELD.LEVEL</c> for the levels above it. <see cref="Index"/> is the bit in a <see cref="FeatureSet"/> over
/// <see cref="Arm64Database.Features"/> (a different index space from the x86 database's).
/// </summary>
public sealed class Arm64Feature
{
    internal Arm64Feature(int index, string name, bool hwcap, IReadOnlyList<Arm64Condition> when, IReadOnlyList<string> requires)
    {
        Index = index;
        Name = name;
        IsHwcap = hwcap;
        When = when;
        Requires = requires;
    }

    public int Index { get; }

    public string Name { get; }

    /// <summary>True when <see cref="Name"/> is what /proc/cpuinfo prints.</summary>
    public bool IsHwcap { get; }

    /// <summary>Any one of these gives the feature (one condition except for <c>paca</c>/<c>pacg</c>).</summary>
    public IReadOnlyList<Arm64Condition> When { get; }

    /// <summary>The field and level of the first condition: where the feature is shown and masked.</summary>
    public Arm64Condition Primary => When[0];

    /// <summary>Direct prerequisites: the lower levels of the same field, <c>sve</c> for SVE fields, <c>sme</c> for SME fields.</summary>
    public IReadOnlyList<string> Requires { get; }

    public FeatureSet RequiresAll { get; internal set; } = FeatureSet.Empty;

    /// <summary>Is the feature present at these field levels?</summary>
    public bool IsIn(Arm64Levels levels) => When.Any(c => levels.Get(c.Field) >= c.Level);

    /// <summary><c>ID_AA64ISAR0_EL1[47:44] DP &gt;= 0b0001 (IMP)</c>: the coordinates every message shows.</summary>
    public string Coordinates => string.Join(" or ", When.Select(c => c.ToString()));

    public override string ToString() => Name;
}

/// <summary>A field at or above a level (comparable, sign-extended).</summary>
public sealed record Arm64Condition(Arm64Field Field, int Level)
{
    public override string ToString() =>
        $"{Field.Register}[{Field.Msb}:{Field.Lsb}] {Field.Name} >= {Field.LevelName(Level)}";
}

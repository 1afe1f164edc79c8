using System.Globalization;

namespace Cpupolicy.Core.Database.Arm64;

/// <summary>
/// How a policy names aarch64 features: a hwcap (<c>asimddp</c>), a field or field level
/// (<c>ID_AA64ISAR0_EL1.AES</c>, <c>ID_AA64ISAR0_EL1.AES.PMULL</c>), the same with the register's short name
/// (<c>ISAR0.AES</c>: <c>ID_AA64</c> and <c>_EL1</c> left out), or a field at or above a level
/// (<c>ISAR0.AES &gt;= 2</c>, <c>ISAR0.AES &gt;= PMULL</c>). Each resolves to the one feature of that field and level;
/// the lower levels follow from its prerequisites.
/// </summary>
public static class Arm64Names
{
    /// <summary>The feature a plain name stands for, or null.</summary>
    public static Arm64Feature? Find(Arm64Database db, string name)
    {
        if (db.Find(name) is { } direct)
        {
            return direct;
        }

        var full = Expand(name);
        if (full != name && db.Find(full) is { } viaShort)
        {
            return viaShort;
        }

        // A bare field (`ID_AA64ISAR0_EL1.AES`) whose first level has a hwcap name: that first level.
        return db.FindField(full) is { } field ? AtLevel(db, field, FirstLevel(field)) : null;
    }

    /// <summary>The field a name stands for (<c>ISAR0.AES</c>, <c>ID_AA64ISAR0_EL1.AES</c>), or null.</summary>
    public static Arm64Field? FindField(Arm64Database db, string name) => db.FindField(name) ?? db.FindField(Expand(name));

    /// <summary>
    /// The feature of <c>FIELD &gt;= LEVEL</c>; null with a reason (for the diagnostic) when the field or level does
    /// not exist or the level is the field's "not implemented".
    /// </summary>
    public static Arm64Feature? AtLeast(Arm64Database db, string fieldName, string levelText, out string? problem)
    {
        problem = null;
        if (FindField(db, fieldName) is not { } field)
        {
            problem = $"`{fieldName}` is not an aarch64 ID-register field";
            return null;
        }

        if (ParseLevel(field, levelText) is not { } level)
        {
            problem = $"`{field.Key}` has no level `{levelText}`; its levels are {LevelList(field)}";
            return null;
        }

        if (level <= field.Absent)
        {
            problem = $"level `{levelText}` of `{field.Key}` means \"not implemented\": a profile has it by leaving the field out";
            return null;
        }

        if (AtLevel(db, field, level) is not { } feature)
        {
            problem = $"`{field.Key}` has no feature at level `{levelText}`; its levels are {LevelList(field)}";
            return null;
        }

        return feature;
    }

    /// <summary><c>ISAR0.AES</c> → <c>ID_AA64ISAR0_EL1.AES</c> (the register part only); other names unchanged.</summary>
    public static string Expand(string name)
    {
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0)
        {
            return name;
        }

        var register = name[..dot];
        if (register.StartsWith("ID_", StringComparison.OrdinalIgnoreCase))
        {
            return name;
        }

        return $"ID_AA64{register.ToUpperInvariant()}_EL1{name[dot..]}";
    }

    /// <summary>The short register name of a field key: <c>ID_AA64ISAR0_EL1.AES</c> → <c>ISAR0.AES</c>.</summary>
    public static string Short(Arm64Field field) =>
        $"{field.Register.Replace("ID_AA64", string.Empty, StringComparison.Ordinal).Replace("_EL1", string.Empty, StringComparison.Ordinal)}.{field.Name}";

    private static int FirstLevel(Arm64Field field) => field.Absent + 1;

    private static Arm64Feature? AtLevel(Arm64Database db, Arm64Field field, int level) =>
        db.Features.FirstOrDefault(f => f.Primary.Field.Key == field.Key && f.Primary.Level == level);

    private static int? ParseLevel(Arm64Field field, string text)
    {
        if (field.Levels.FirstOrDefault(l => string.Equals(l.Name, text, StringComparison.OrdinalIgnoreCase)) is { } named
            && !text.All(char.IsAsciiDigit))
        {
            return field.Rank(named.Value);
        }

        int raw;
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            if (!int.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out raw))
            {
                return null;
            }
        }
        else if (text.StartsWith("0b", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                raw = Convert.ToInt32(text[2..], 2);
            }
            catch (FormatException)
            {
                return null;
            }
        }
        else if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out raw))
        {
            return null;
        }

        return raw >= 0 && raw < (1 << field.Width) ? field.Rank(raw) : null;
    }

    private static string LevelList(Arm64Field field) =>
        string.Join(", ", field.Levels.Select(l => $"`{l.Value}` ({l.Name})"));
}

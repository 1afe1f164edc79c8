using System.Globalization;
using Cpupolicy.Core.Database;

namespace Cpupolicy.Generator.Sources;

/// <summary>The transcribed source tables embedded in the generator (Sources/*.txt, each with its citation).</summary>
public static class TextTables
{
    public const string PsabiFile = "x86-64-psabi-levels.txt";
    public const string LibxlLegacyFile = "libxl-legacy-keys.txt";

    public static string Read(string file)
    {
        using var stream = typeof(TextTables).Assembly.GetManifestResourceStream($"Cpupolicy.Generator.Sources.{file}")
            ?? throw new InvalidOperationException($"embedded table {file} is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The psABI levels in order, each with the spellings it adds (not yet cumulative).</summary>
    public static IReadOnlyList<(string Level, IReadOnlyList<string> Adds)> PsabiLevels() =>
        Lines(Read(PsabiFile))
            .Select(l => l.Split(':', 2))
            .Select(p => (p[0].Trim(), (IReadOnlyList<string>)p[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)))
            .ToList();

    /// <summary>libxl's legacy single-bit keys with the bit each sets.</summary>
    public static IReadOnlyList<(string Key, Coordinate Coordinate)> LibxlLegacyKeys() =>
        LibxlKeyTable().Where(k => k.Width == 1).Select(k => (k.Key, k.Coordinate)).ToList();

    /// <summary>libxl's whole legacy key table in its order: each key with its lowest bit and how many bits it sets.</summary>
    public static IReadOnlyList<(string Key, Coordinate Coordinate, int Width)> LibxlKeyTable() =>
        Lines(Read(LibxlLegacyFile))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(p => (p[0], Coordinate.Cpuid(
                uint.Parse(p[1][2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                p[2] == "-" ? null : uint.Parse(p[2], CultureInfo.InvariantCulture),
                Enum.Parse<CpuidRegister>(p[3], ignoreCase: true),
                int.Parse(p[4], CultureInfo.InvariantCulture)), int.Parse(p[5], CultureInfo.InvariantCulture)))
            .ToList();

    private static IEnumerable<string> Lines(string text) =>
        text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'));
}

using Cpupolicy.Core.Database.Arm64;

namespace Cpupolicy.Core.Backends.Qemu.Arm64;

/// <summary>
/// The aarch64 ID-register fields KVM lets a VMM lower (read from the embedded <c>kvm-writable-id-fields.tsv</c>):
/// the fields openEuler's QEMU 8.2 has a <c>SYSREG_&lt;REGISTER&gt;_&lt;FIELD&gt;</c> property for.
/// </summary>
public sealed class Arm64WritableFields
{
    private const string ResourceName = "Cpupolicy.Data.kvm-writable-id-fields.tsv";

    private static readonly Lazy<Arm64WritableFields> DefaultLazy = new(() => Load(Arm64Database.Default));

    private readonly HashSet<string> keys;
    private readonly Dictionary<string, Arm64Field> byProperty;

    private Arm64WritableFields(IEnumerable<Arm64Field> fields)
    {
        Fields = fields.ToList();
        keys = Fields.Select(f => f.Key).ToHashSet(StringComparer.Ordinal);
        byProperty = Fields.ToDictionary(PropertyName, StringComparer.Ordinal);
    }

    public static Arm64WritableFields Default => DefaultLazy.Value;

    /// <summary>The writable fields, in database order.</summary>
    public IReadOnlyList<Arm64Field> Fields { get; }

    public bool IsWritable(Arm64Field field) => keys.Contains(field.Key);

    /// <summary>The writable field an openEuler property name sets (<c>SYSREG_ID_AA64ISAR0_EL1_DP</c>), or null.</summary>
    public Arm64Field? FindProperty(string name) => byProperty.GetValueOrDefault(name);

    /// <summary>openEuler's property name: <c>SYSREG_ID_AA64ISAR0_EL1_DP</c>.</summary>
    public static string PropertyName(Arm64Field field) => $"SYSREG_{field.Register}_{field.Name}";

    /// <summary>
    /// A table of these fields (in database order), for a KVM that reports a different writable set than the
    /// embedded one, e.g. a kernel that lets the PAuth fields be written.
    /// </summary>
    public static Arm64WritableFields Of(Arm64Database db, IEnumerable<Arm64Field> fields)
    {
        var keys = fields.Select(f => f.Key).ToHashSet(StringComparer.Ordinal);
        return new Arm64WritableFields(db.Fields.Where(f => keys.Contains(f.Key)));
    }

    public static Arm64WritableFields Load(Arm64Database db)
    {
        using var stream = typeof(Arm64WritableFields).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"the embedded resource {ResourceName} is missing from this build");
        using var reader = new StreamReader(stream);
        var rules = new Dictionary<string, (string Rule, HashSet<string> Names)>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var cells = line.Split('\t');
            var names = cells.Length > 2 ? cells[2].Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal) : [];
            rules[cells[0]] = (cells[1], names);
        }

        return new Arm64WritableFields(db.Fields.Where(f => rules.TryGetValue(f.Register, out var r) && r.Rule switch
        {
            "all" => true,
            "except" => !r.Names.Contains(f.Name),
            "only" => r.Names.Contains(f.Name),
            _ => throw new InvalidDataException($"kvm-writable-id-fields.tsv: unknown rule `{r.Rule}` for {f.Register}"),
        }));
    }
}

namespace Cpupolicy.Core.Diagnostics;

/// <summary>
/// The one catalog of diagnostics. Codes are grouped by pipeline stage, and each stage keeps its entries in its
/// own partial file (<c>DiagnosticCatalog.&lt;Stage&gt;.cs</c>):
/// <list type="table">
/// <item><term>CP00xx</term><description>command line, files, internal failures</description></item>
/// <item><term>CP01xx</term><description>syntax (parse)</description></item>
/// <item><term>CP02xx</term><description>binding (names of features, models, hosts, profiles)</description></item>
/// <item><term>CP03xx</term><description>checking (dependencies, constraints, vendors, migratability)</description></item>
/// <item><term>CP04xx</term><description>inventory files (host capability readers)</description></item>
/// <item><term>CP05xx</term><description>backend artifacts (decoders) and emission</description></item>
/// <item><term>CP06xx</term><description>hooks</description></item>
/// </list>
/// Retired codes are never reused: delete the field, and add its code to <see cref="RetiredCodes"/>.
/// </summary>
public static partial class DiagnosticCatalog
{
    /// <summary>Codes that once existed and must never be given to a new diagnostic.</summary>
    public static readonly IReadOnlyList<string> RetiredCodes = ["CP0210", "CP0211", "CP0309", "CP0625", "CP0906"];

    public static readonly DiagnosticDescriptor InternalError = new("CP0001", Severity.Error, "internal failure");
    public static readonly DiagnosticDescriptor FileNotFound = new("CP0002", Severity.Error, "file not found");
    public static readonly DiagnosticDescriptor FileUnreadable = new("CP0003", Severity.Error, "file cannot be read");
    public static readonly DiagnosticDescriptor OutputNotWritable = new("CP0004", Severity.Error, "output cannot be written");
    public static readonly DiagnosticDescriptor FileTooLarge = new("CP0005", Severity.Error, "input file too large");
    public static readonly DiagnosticDescriptor UnknownFeatureName = new("CP0006", Severity.Error, "unknown feature name");
    public static readonly DiagnosticDescriptor UnknownModelName = new("CP0007", Severity.Error, "unknown model name");

    /// <summary>Every descriptor of the catalog, found by reflection (used by the uniqueness test and the docs).</summary>
    /// (Lazy because field initialisers of partial files run in no guaranteed order.)
    public static IReadOnlyList<DiagnosticDescriptor> All => AllLazy.Value;

    private static readonly Lazy<IReadOnlyList<DiagnosticDescriptor>> AllLazy = new(() => typeof(DiagnosticCatalog)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
        .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
        .OrderBy(d => d.Code, StringComparer.Ordinal)
        .ToList());
}

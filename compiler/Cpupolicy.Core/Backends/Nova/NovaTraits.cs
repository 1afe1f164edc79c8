namespace Cpupolicy.Core.Backends.Nova;

/// <summary>
/// The x86 CPU traits of os-traits 2.9.0 and the libvirt feature for which Nova 26's libvirt driver reports each
/// (<c>data/nova-26/cpu-traits.tsv</c>, generated from the installed Debian packages; see its README). Nova's driver
/// reports a trait on a compute node when the feature is in the libvirt definition of a model of
/// <c>cpu_models</c> or is named in <c>cpu_model_extra_flags</c> with either sign; a flavor's required traits then pick
/// the first model of <c>cpu_models</c> whose libvirt definition has their features, extra flags not counted.
/// </summary>
public static class NovaTraits
{
    public const string ResourceName = "Cpupolicy.Data.nova-cpu-traits.tsv";

    /// <summary>The prefix of the x86 CPU traits; other traits are not about the CPU's features.</summary>
    public const string Prefix = "HW_CPU_X86_";

    private static readonly Lazy<IReadOnlyDictionary<string, string?>> Table = new(Load);

    /// <summary>Every x86 CPU trait of os-traits, with the libvirt feature Nova reports it for (null: never reported for a feature).</summary>
    public static IReadOnlyDictionary<string, string?> All => Table.Value;

    /// <summary>The traits Nova reports for a libvirt feature name (two for vmx and svm: the generic and the vendor's).</summary>
    public static IReadOnlyList<string> For(string libvirtFeature) =>
        All.Where(t => t.Value == libvirtFeature).Select(t => t.Key).Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// The feature Nova's model matching looks for when a flavor requires <paramref name="trait"/>, or null. Nova
    /// inverts its mapping, and a feature with two traits (vmx, svm) inverts to a pair that no trait equals, so
    /// requiring either of those traits never affects the model.
    /// </summary>
    public static string? MatchedFeature(string trait) =>
        All.GetValueOrDefault(trait) is { } feature && All.Count(t => t.Value == feature) == 1 ? feature : null;

    private static Dictionary<string, string?> Load()
    {
        using var stream = typeof(NovaTraits).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"the build embeds no {ResourceName}");
        using var reader = new StreamReader(stream);
        var table = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var line in reader.ReadToEnd().Split('\n'))
        {
            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith("trait\t", StringComparison.Ordinal))
            {
                continue;
            }

            var cells = line.Split('\t');
            table[cells[0]] = cells[1] == "-" ? null : cells[1];
        }

        return table;
    }
}

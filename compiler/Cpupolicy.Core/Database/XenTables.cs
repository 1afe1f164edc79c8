namespace Cpupolicy.Core.Database;

/// <summary>
/// What Xen's sources give besides the features (generated into features.json's <c>xen_tables</c>): the featureset
/// layout (bit positions are Xen ABI: words are only ever appended, so one table holds for every release), each
/// release's word count, and libxl's hand-written legacy key table, which libxl searches before the generated names.
/// </summary>
public sealed class XenTables
{
    private readonly IReadOnlyDictionary<string, int> wordCounts;

    public XenTables(IReadOnlyList<XenWord> words, IReadOnlyDictionary<string, int> wordCounts, IReadOnlyList<LibxlLegacyKey> libxlLegacyKeys)
    {
        Words = words;
        this.wordCounts = wordCounts;
        LibxlLegacyKeys = libxlLegacyKeys;
    }

    /// <summary>The words in index order.</summary>
    public IReadOnlyList<XenWord> Words { get; }

    /// <summary>Release to FEATURESET_NR_ENTRIES.</summary>
    public IReadOnlyDictionary<string, int> WordCounts => wordCounts;

    /// <summary>libxl's legacy keys, in libxl's table order.</summary>
    public IReadOnlyList<LibxlLegacyKey> LibxlLegacyKeys { get; }

    /// <summary>The number of featureset words of a release the database records.</summary>
    public int WordCount(string release) => wordCounts[release];

    /// <summary>The word mirroring a CPUID leaf/subleaf/register, or null (subleaf must be given exactly when the leaf has one).</summary>
    public XenWord? WordAt(uint leaf, uint? subleaf, CpuidRegister register) =>
        Words.FirstOrDefault(w => w.Leaf == leaf && w.Subleaf == subleaf && w.Register == register);
}

/// <summary>A key of libxl's legacy table and the featureset bit it sets, or null when it sets none (a numeric field such as <c>family</c>, or a bit outside the featureset such as <c>arat</c>).</summary>
public sealed record LibxlLegacyKey(string Key, (int Word, int Bit)? Bit);

using Cpupolicy.Core.Database;

namespace Cpupolicy.Core.Backends.Xen;

/// <summary>
/// Xen's featureset layout (research xen.md §1.2). Bit positions are Xen ABI: words are only ever appended, so this
/// table holds for every release; only the number of words a release has differs.
/// </summary>
public static class XenLayout
{
    /// <summary>
    /// The release targeted by default: 4.17.7, what Debian 12 ships as "4.17.2+" (package
    /// 4.17.7+13-g2445b30a44-0+deb12u1). 4.17.2 is the first 4.17 with the generated libxl names and MSR_ARCH_CAPS keys.
    /// </summary>
    public const string DefaultRelease = "4.17.7";

    /// <summary>Releases the backends target: the Debian default and the newest release the database records.</summary>
    public static readonly IReadOnlyList<string> Releases = [DefaultRelease, "4.22.0"];

    public static readonly IReadOnlyList<XenWord> Words =
    [
        Cpuid(0, "1d", 0x1, null, CpuidRegister.Edx),
        Cpuid(1, "1c", 0x1, null, CpuidRegister.Ecx),
        Cpuid(2, "e1d", 0x80000001, null, CpuidRegister.Edx),
        Cpuid(3, "e1c", 0x80000001, null, CpuidRegister.Ecx),
        Cpuid(4, "Da1", 0xd, 1, CpuidRegister.Eax),
        Cpuid(5, "7b0", 0x7, 0, CpuidRegister.Ebx),
        Cpuid(6, "7c0", 0x7, 0, CpuidRegister.Ecx),
        Cpuid(7, "e7d", 0x80000007, null, CpuidRegister.Edx),
        Cpuid(8, "e8b", 0x80000008, null, CpuidRegister.Ebx),
        Cpuid(9, "7d0", 0x7, 0, CpuidRegister.Edx),
        Cpuid(10, "7a1", 0x7, 1, CpuidRegister.Eax),
        Cpuid(11, "e21a", 0x80000021, null, CpuidRegister.Eax),
        Cpuid(12, "7b1", 0x7, 1, CpuidRegister.Ebx),
        Cpuid(13, "7d2", 0x7, 2, CpuidRegister.Edx),
        Cpuid(14, "7c1", 0x7, 1, CpuidRegister.Ecx),
        Cpuid(15, "7d1", 0x7, 1, CpuidRegister.Edx),
        new XenWord(16, "m10Al", null, null, null, 0x10a, false),
        new XenWord(17, "m10Ah", null, null, null, 0x10a, true),
        Cpuid(18, "e21c", 0x80000021, null, CpuidRegister.Ecx),
    ];

    /// <summary>
    /// Words whose CPUID leaf every x86-64 CPU has (leaf 1; 0x80000001, 0x80000007 and 0x80000008, which long mode
    /// and address sizes need). Every other leaf may be missing on an older host, see <see cref="XenLeafPresence"/>.
    /// </summary>
    public static readonly IReadOnlySet<int> AlwaysPresentWords = new HashSet<int> { 0, 1, 2, 3, 7, 8 };

    // FEATURESET_NR_ENTRIES (research xen.md §1.2): XAPI's featureset strings have exactly this many words.
    private static readonly Dictionary<string, int> WordCounts = new(StringComparer.Ordinal)
    {
        ["4.17.7"] = 19,
        ["4.22.0"] = 19,
    };

    /// <summary>The number of featureset words of a supported release.</summary>
    public static int WordCount(string release) => WordCounts[release];

    /// <summary>The word mirroring a CPUID leaf/subleaf/register, or null (subleaf must be given exactly when the leaf has one).</summary>
    public static XenWord? WordAt(uint leaf, uint? subleaf, CpuidRegister register) =>
        Words.FirstOrDefault(w => w.Leaf == leaf && w.Subleaf == subleaf && w.Register == register);

    private static XenWord Cpuid(int index, string abbr, uint leaf, uint? subleaf, CpuidRegister register) =>
        new(index, abbr, leaf, subleaf, register, null, false);
}

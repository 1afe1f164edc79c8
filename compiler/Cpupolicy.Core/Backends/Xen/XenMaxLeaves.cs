using Cpupolicy.Core.Database;
namespace Cpupolicy.Core.Backends.Xen;

/// <summary>
/// The maximum leaves an xl.cfg <c>cpuid=</c> states for the guest (libxl's <c>maxleaf</c>; the xend form's leaf 0,
/// leaf 7 subleaf 0 and leaf 0x80000000 EAX written out in 0 and 1), null where it leaves Xen's default. Xen clears
/// every leaf above a stated maximum, so the features of those leaves are off whatever else the artifact says.
/// </summary>
public sealed class XenMaxLeaves
{
    public uint? Basic { get; set; }

    public uint? Leaf7Subleaf { get; set; }

    public uint? Extended { get; set; }

    /// <summary>Whether the word lies above a stated maximum (its leaf is cleared).</summary>
    public bool Clears(XenWord word)
    {
        if (word.Leaf is not { } leaf)
        {
            return false;
        }

        if (leaf >= XenLeafRange.ExtendedBase)
        {
            return Extended is { } e && leaf > e;
        }

        return (Basic is { } b && leaf > b) || (leaf == 7 && Leaf7Subleaf is { } s && (word.Subleaf ?? 0) > s);
    }
}

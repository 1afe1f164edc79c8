using System.Text.RegularExpressions;
using System.Xml.Linq;
using Cpupolicy.Core.Backends.Libvirt;
using Cpupolicy.Core.Database;
using Cpupolicy.Core.Ir;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Hooks;

/// <summary>
/// Compares a domain's <c>&lt;cpu&gt;</c> with a profile's libvirt artifact as features, through the libvirt
/// backend's decoder: both sides decode under the same libvirt release (the one the artifact was written for), so a
/// different but equivalent spelling (another model plus features, attributes in another order) still matches.
/// A <c>&lt;cpu&gt;</c> that equals the artifact element for element is accepted without loading the database.
/// </summary>
public sealed partial class LibvirtCpuChecker
{
    private readonly Lazy<LibvirtBackend> backend;

    public LibvirtCpuChecker()
        : this(() => new LibvirtBackend(FeatureDatabase.Default, ModelDatabase.Default))
    {
    }

    public LibvirtCpuChecker(Func<LibvirtBackend> backend)
    {
        this.backend = new Lazy<LibvirtBackend>(backend);
    }

    /// <summary>
    /// The comparison; throws CP0609 when the domain's CPU names things this release does not know (so the hook cannot
    /// judge it) and CP0602 when the bundle's own artifact does not decode.
    /// </summary>
    public CpuComparison Compare(string? domainCpu, string profileArtifact, TargetOptions options, string source)
    {
        if (domainCpu is null)
        {
            return CpuComparison.Unbounded("the domain has no <cpu>, so it gets the hypervisor's default CPU");
        }

        var profileCpu = CpuSplice.CpuElementOf(profileArtifact, source);
        XElement domainElement;
        try
        {
            domainElement = LibvirtXml.Load(domainCpu, source).Root!;
        }
        catch (DiagnosticException e)
        {
            throw Unreadable(source, e.Diagnostic.Message);
        }

        if (Same(domainElement, LibvirtXml.Load(profileCpu, source).Root!))
        {
            return CpuComparison.Same;
        }

        var mode = (string?)domainElement.Attribute("mode") ?? "custom";
        if (mode != "custom")
        {
            return CpuComparison.Unbounded($"<cpu mode='{HookText.Clean(mode)}'> takes its features from the host, not from the profile");
        }

        var libvirt = backend.Value;
        var wanted = GateDecode.Profile(() => libvirt.Decode(profileArtifact, options, source), source, "libvirt artifact");

        // Host-dependent by construction (optional features, no model): not a fixed CPU, so not the profile.
        var (actual, notFixed) = GateDecode.Domain(() => libvirt.Decode(domainCpu, options, source), source, "<cpu>", UnreadableHint);
        if (notFixed is not null)
        {
            return notFixed;
        }

        if (actual!.Equals(wanted))
        {
            return CpuComparison.Same;
        }

        var db = FeatureDatabase.Default;
        return new CpuComparison(false, Names(db, actual - wanted), Names(db, wanted - actual), null);
    }

    /// <summary>Same element names, same attributes in any order, same child elements in order, same trimmed text; comments and layout ignored.</summary>
    private static bool Same(XElement a, XElement b)
    {
        if (a.Name != b.Name)
        {
            return false;
        }

        var attributesA = a.Attributes().Where(x => !x.IsNamespaceDeclaration).Select(x => (x.Name.ToString(), x.Value)).Order().ToList();
        var attributesB = b.Attributes().Where(x => !x.IsNamespaceDeclaration).Select(x => (x.Name.ToString(), x.Value)).Order().ToList();
        if (!attributesA.SequenceEqual(attributesB))
        {
            return false;
        }

        var childrenA = a.Elements().ToList();
        var childrenB = b.Elements().ToList();
        if (childrenA.Count != childrenB.Count)
        {
            return false;
        }

        if (childrenA.Count == 0)
        {
            return a.Value.Trim() == b.Value.Trim();
        }

        return childrenA.Zip(childrenB).All(pair => Same(pair.First, pair.Second));
    }

    private static List<string> Names(FeatureDatabase db, FeatureSet set) =>
        db.Expand(set).Select(f => f.Spellings.Libvirt ?? f.Name).ToList();

    private const string UnreadableHint = "write the CPU with `cpupolicy apply libvirt`, or fix the model and feature names";

    private static DiagnosticException Unreadable(string source, string message) => GateDecode.Unreadable(source, "<cpu>", message, UnreadableHint);
}

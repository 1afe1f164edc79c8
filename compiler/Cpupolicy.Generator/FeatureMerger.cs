using Cpupolicy.Core.Database;
using Cpupolicy.Core.Database.Schema;
using Cpupolicy.Generator.Sources;

namespace Cpupolicy.Generator;

/// <summary>
/// Unites the features of every source by coordinate (one feature = one bit) and names them.
/// Sources are applied in a fixed order so that the result does not depend on dictionary order.
/// </summary>
public sealed class FeatureMerger
{
    private readonly SortedDictionary<(bool, uint, uint, int, int), FeatureBuilder> byKey = [];
    private readonly HashSet<uint> leavesWithSubleaves = [];
    private readonly TextWriter? log;

    public FeatureMerger(TextWriter? log)
    {
        this.log = log;
    }

    /// <summary>QEMU flags that no source could place (no feature-word bit and no libvirt feature of that name).</summary>
    public List<string> UnplacedQemuFlags { get; } = [];

    /// <summary>Linux flags skipped because Linux hides them and no other source has the bit.</summary>
    public int HiddenLinuxOnly { get; private set; }

    public IEnumerable<FeatureBuilder> Features => byKey.Values;

    /// <summary>QEMU's flags, placed by their hot-plug coordinates; MSR-only flags are placed later through libvirt.</summary>
    public void AddQemu(QemuCatalog qemu)
    {
        leavesWithSubleaves.UnionWith(qemu.LeavesWithSubleaves);
        foreach (var flag in qemu.Flags.Where(f => f.Coordinate is not null))
        {
            var b = At(flag.Coordinate!.Value);
            if (b.QemuName is not null)
            {
                throw new InvalidDataException($"QEMU flags {b.QemuName} and {flag.Name} both set {flag.Coordinate}");
            }

            b.QemuName = flag.Name;
            b.Aliases.UnionWith(flag.Aliases);
        }
    }

    /// <summary>libvirt maps, newest first: the newest spelling becomes the libvirt name, older ones aliases.</summary>
    public void AddLibvirt(IEnumerable<LibvirtCatalog> newestFirst)
    {
        foreach (var catalog in newestFirst)
        {
            foreach (var f in catalog.Features)
            {
                if (f.Coordinate.Subleaf is not null && f.Coordinate.Leaf is { } leaf)
                {
                    leavesWithSubleaves.Add(leaf);
                }

                var b = At(f.Coordinate);
                if (b.LibvirtName is null)
                {
                    b.LibvirtName = f.Name;
                }
                else if (b.LibvirtName != f.Name)
                {
                    b.Aliases.Add(f.Name);
                }

                b.Aliases.UnionWith(f.Aliases.Select(a => a.Name));

                // libvirt marks features that pin a guest to its host; any release saying so counts.
                b.Migratable &= f.Migratable;
            }
        }
    }

    /// <summary>
    /// QEMU flags that feature-words cannot show (MSR feature words) take the coordinate of the libvirt feature
    /// that has the flag's name or lists it as a QEMU alias; libvirt's map is synced from QEMU's.
    /// </summary>
    public void PlaceQemuMsrFlags(QemuCatalog qemu, IEnumerable<LibvirtCatalog> newestFirst)
    {
        var catalogs = newestFirst.ToList();
        foreach (var flag in qemu.Flags)
        {
            var lv = catalogs.Select(c => c.FindFeature(flag.Name)).FirstOrDefault(f => f is not null);
            if (flag.Coordinate is { } placed)
            {
                if (lv is not null && lv.Coordinate.Key != placed.Key)
                {
                    log?.WriteLine($"warning: QEMU places {flag.Name} at {placed}, libvirt's {lv.Name} is at {lv.Coordinate}");
                }

                continue;
            }

            if (lv is null)
            {
                UnplacedQemuFlags.Add(flag.Name);
                continue;
            }

            var b = At(lv.Coordinate);
            if (b.QemuName is null)
            {
                b.QemuName = flag.Name;
            }
            else if (b.QemuName != flag.Name)
            {
                b.Aliases.Add(flag.Name);
            }

            b.Aliases.UnionWith(flag.Aliases);
        }
    }

    /// <summary>Linux names. A flag Linux hides (<c>""</c>) only joins a bit another source already has.</summary>
    public void AddLinux(IEnumerable<LinuxFeature> linux)
    {
        foreach (var f in linux)
        {
            if (f.Coordinate.Subleaf is not null && f.Coordinate.Leaf is { } leaf)
            {
                leavesWithSubleaves.Add(leaf);
            }

            if (f.CpuinfoName is null && !byKey.ContainsKey(f.Coordinate.Key))
            {
                HiddenLinuxOnly++;
                continue;
            }

            var b = At(f.Coordinate);
            if (f.CpuinfoName is null)
            {
                b.LinuxComment ??= f.Comment;
                continue;
            }

            if (b.LinuxName is null)
            {
                b.LinuxName = f.CpuinfoName;
                b.LinuxComment = f.Comment;
            }
            else if (b.LinuxName != f.CpuinfoName)
            {
                b.Aliases.Add(f.CpuinfoName);
            }
        }
    }

    /// <summary>
    /// Xen releases, oldest first. Attributes and libxl keys are kept per release; names and descriptions of the
    /// newest release win. Prerequisites are the union over the releases (a constraint any supported release enforces
    /// binds a policy meant for several releases; with 4.17.0, 4.17.7 and 4.22.0 the union equals 4.22.0's table).
    /// </summary>
    public void AddXen(IEnumerable<XenFeatureset> oldestFirst)
    {
        foreach (var release in oldestFirst)
        {
            var byName = new Dictionary<string, FeatureBuilder>(StringComparer.Ordinal);
            foreach (var f in release.Features)
            {
                if (f.Coordinate.Subleaf is not null && f.Coordinate.Leaf is { } leaf)
                {
                    leavesWithSubleaves.Add(leaf);
                }

                var b = At(f.Coordinate);
                byName[f.Name] = b;
                b.XenName = f.Name;
                b.XenWord = f.Word;
                b.XenBit = f.Bit;
                b.XenDescription = string.IsNullOrWhiteSpace(f.Description) ? b.XenDescription : f.Description;
                b.XenAttributes[release.Release] = f.Attributes;
                if (f.LibxlKey is not null)
                {
                    b.XenKeys[release.Release] = f.LibxlKey;
                }
            }

            foreach (var (dependant, prerequisites) in release.Requires)
            {
                foreach (var p in prerequisites)
                {
                    byName[dependant].Requires.Add(byName[p]);
                }
            }
        }
    }

    /// <summary>
    /// The gates QEMU enforces that Xen's table does not state: every SVM sub-feature (leaf 0x8000000A) needs `svm`
    /// and every VMX capability bit (MSRs 0x480-0x491) needs `vmx`. QEMU 7.2 clears the whole word when the gate is
    /// off (its feature_dependencies table; a probe guest with `-svm` sees no `npt`), so a profile that keeps them
    /// without the gate promises what no guest gets.
    /// </summary>
    public void AddCapabilityGates()
    {
        var svm = byKey.GetValueOrDefault(Coordinate.Cpuid(0x80000001, null, CpuidRegister.Ecx, 2).Key);
        var vmx = byKey.GetValueOrDefault(Coordinate.Cpuid(1, null, CpuidRegister.Ecx, 5).Key);
        foreach (var b in byKey.Values)
        {
            var c = b.Coordinate;
            if (svm is not null && c.Leaf == 0x8000000A && b != svm)
            {
                b.Requires.Add(svm);
            }
            else if (vmx is not null && c.Msr is >= 0x480 and <= 0x491 && b != vmx)
            {
                b.Requires.Add(vmx);
            }
        }
    }

    /// <summary>libxl's legacy keys become input aliases of the bit they set (never names.xen: see the table's header).</summary>
    public void AddLibxlLegacyKeys(IEnumerable<(string Key, Coordinate Coordinate)> keys)
    {
        foreach (var (key, c) in keys)
        {
            if (byKey.TryGetValue(c.Key, out var b))
            {
                b.Aliases.Add(key);
            }
            else
            {
                log?.WriteLine($"warning: libxl legacy key {key} sets {c}, which no other source names; skipped");
            }
        }
    }

    /// <summary>Vendors of the real CPUs whose dumps show the bit.</summary>
    public void AddDumps(IEnumerable<CpuDump> dumps)
    {
        var list = dumps.Where(d => d.Vendor != CpuVendor.Unknown).ToList();
        foreach (var b in byKey.Values)
        {
            b.Vendors.UnionWith(list.Where(d => d.Has(b.Coordinate)).Select(d => d.Vendor));
        }
    }

    public FeatureBuilder? Find(Coordinate c) => byKey.GetValueOrDefault(c.Key);

    /// <summary>The coordinate as the database prints it: a subleaf only for leaves that have subleaves.</summary>
    public Coordinate Normalize(Coordinate c) =>
        c.IsMsr ? c : c with { Subleaf = leavesWithSubleaves.Contains(c.Leaf!.Value) ? c.Subleaf ?? 0 : null };

    /// <summary>The feature records, in coordinate order, with names checked for uniqueness.</summary>
    public List<FeatureRecord> Records()
    {
        var names = new Dictionary<string, FeatureBuilder>(StringComparer.Ordinal);
        foreach (var b in byKey.Values)
        {
            if (!names.TryAdd(b.CanonicalName, b))
            {
                throw new InvalidDataException(
                    $"two features would be called {b.CanonicalName}: {names[b.CanonicalName].Coordinate} and {b.Coordinate}");
            }
        }

        var records = new List<FeatureRecord>();
        foreach (var b in byKey.Values)
        {
            var c = Normalize(b.Coordinate);
            var spelled = new HashSet<string>(StringComparer.Ordinal) { b.CanonicalName };
            spelled.UnionWith(new[] { b.QemuName, b.LibvirtName, b.LinuxName }.OfType<string>());
            spelled.UnionWith(b.XenKeys.Values);
            records.Add(new FeatureRecord
            {
                Name = b.CanonicalName,
                Leaf = c.Leaf,
                Subleaf = c.Subleaf,
                Register = c.Register?.ToString().ToLowerInvariant(),
                Msr = c.Msr,
                Bit = c.Bit,
                Names = new NamesRecord
                {
                    Qemu = b.QemuName,
                    Libvirt = b.LibvirtName,
                    Linux = b.LinuxName,
                    Xen = new SortedDictionary<string, string>(b.XenKeys, StringComparer.Ordinal),
                },
                Aliases = b.Aliases.Where(a => !spelled.Contains(a)).ToList(),
                Vendors = b.Vendors.Select(v => v.Keyword()).Order(StringComparer.Ordinal).ToList(),
                Xen = b.XenWord is { } word
                    ? new XenRecord
                    {
                        Word = word,
                        Bit = b.XenBit!.Value,
                        Attributes = new SortedDictionary<string, string>(b.XenAttributes, StringComparer.Ordinal),
                    }
                    : null,
                Migratable = b.Migratable,
                Requires = b.Requires.Select(r => r.CanonicalName).Order(StringComparer.Ordinal).ToList(),
                Description = b.XenDescription ?? (string.IsNullOrWhiteSpace(b.LinuxComment) ? null : b.LinuxComment),
            });
        }

        return records;
    }

    private FeatureBuilder At(Coordinate c)
    {
        if (!byKey.TryGetValue(c.Key, out var b))
        {
            byKey[c.Key] = b = new FeatureBuilder(c);
        }

        return b;
    }
}

using Cpupolicy.Compiler.Inventory;
using Cpupolicy.Core.Database;
using Cpupolicy.Core.Database.Arm64;
using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Core.IO;

namespace Cpupolicy.Compiler.Analyses;

/// <summary>
/// <c>migrate</c> for aarch64: can a VM started on one aarch64 host (or with an aarch64 profile) run on another?
/// It can when the destination has every field of the VM's set at or above its level; and, on the Kunpeng platform
/// the checks model (kernel 6.6, QEMU 8.2 with the vendor's migration patches), only from the older generation to the
/// newer (CP1013), between hosts with the same counter frequency (CP1014) and GIC version (CP1015). A PMU in the
/// VM's set is flagged: its state does not migrate (CP1016). A field the destination's file cannot state
/// (/proc/cpuinfo names hwcaps only) is not held against it; <see cref="Arm64MigrationVerdict.Missing"/> is what it
/// is known to lack.
/// </summary>
public static class Arm64Migration
{
    private const string PmuField = "ID_AA64DFR0_EL1.PMUVer";

    /// <summary>
    /// The verdict when <paramref name="vmValue"/> and <paramref name="toValue"/> are both aarch64 (an aarch64
    /// inventory file, an aarch64 host of the policy, or for the VM an aarch64 profile or artifact), else null: the
    /// x86 check (<see cref="MigrationCheck"/>) then handles them. <paramref name="fromValue"/> is the boot host, if
    /// given; an artifact needs it (CP1030). A <c>-cpu host</c> or host-passthrough <c>&lt;cpu&gt;</c> of either architecture
    /// (<see cref="EitherArchHostCpu"/>) is aarch64 when its hosts are (CP1035 for an x86-only part, CP1036 for an
    /// aarch64 and an x86 host) and left to the x86 path between x86 hosts. <paramref name="vmStdin"/> holds the VM's text when it is <c>-</c>.
    /// </summary>
    public static Arm64MigrationVerdict? TryCheck(string vmValue, string toValue, string? fromValue, FleetPolicy? policy, TextReader? vmStdin = null)
    {
        var vm = Vm(vmValue, policy);
        var (artifact, eitherArch) = vm is null ? Artifact(vmValue, vmStdin) : (null, null);
        var to = Host(toValue, policy);
        Side? from = fromValue is null ? null : Host(fromValue, policy);
        if (eitherArch is not null)
        {
            // A -cpu host of either architecture is the CPU of the host it runs on: aarch64 when its hosts are.
            if (to is null && from is null)
            {
                return null; // x86 hosts (or text no aarch64 reader takes): the x86 path reads it, as before
            }

            artifact = eitherArch.AsArm64(to is not null ? $"--to {toValue}" : $"--from {fromValue}");
            if (to is null)
            {
                throw eitherArch.BetweenArchitectures(vmValue, ("--from", fromValue!, Arm64Host.Arch), ("--to", toValue, ArchOf(toValue, "--to", policy)));
            }

            if (fromValue is not null && from is null)
            {
                throw eitherArch.BetweenArchitectures(vmValue, ("--from", fromValue, ArchOf(fromValue, "--from", policy)), ("--to", toValue, Arm64Host.Arch));
            }
        }

        if ((vm is null && artifact is null) || to is null)
        {
            return null;
        }

        if (fromValue is not null && from is null)
        {
            return artifact is null ? null : throw artifact.NeedsBootHost(vmValue, fromValue);
        }

        if (artifact is not null)
        {
            // The artifact's own errors (a property the release lacks, a named model) come before the missing boot host.
            var seen = artifact.OnHost(from?.Features ?? FeatureSet.Empty);
            vm = from is null
                ? throw artifact.NeedsBootHost(vmValue)
                : new Side(artifact.Source, seen, Arm64Database.Default.All, null, []) { Kind = artifact.Kind };
        }

        return Check(vm!, to, from);
    }

    /// <summary>The VM (a host's inventory or a profile's features), the destination and the boot host, if known.</summary>
    public sealed record Side(string Name, FeatureSet Features, FeatureSet Knowable, Arm64Host? Host, IReadOnlyList<Diagnostic> Warnings)
    {
        /// <summary>What the VM was given as, for reports: <c>inventory</c>, <c>profile</c>, or the artifact's backend (<c>qemu</c>, <c>libvirt</c>).</summary>
        public string Kind { get; init; } = Host is null ? "profile" : "inventory";

        public static Side Of(string name, HostCapability inventory) =>
            new(name, inventory.Arm64!.Features, inventory.Arm64.Knowable | inventory.Arm64.Features, inventory.Arm64, inventory.Warnings);
    }

    public static Arm64MigrationVerdict Check(Side vm, Side to, Side? from)
    {
        var db = Arm64Database.Default;
        var missing = db.Expand((vm.Features - to.Features) & to.Knowable).ToList();
        var boot = from ?? (vm.Host is not null ? vm : null);
        var blockers = new List<Diagnostic>();
        var warnings = Arm64Fleet.MergeIgnoredHwcaps([.. vm.Warnings, .. to.Warnings, .. from?.Warnings ?? []]).ToList();

        Arm64Direction? direction = null;
        IReadOnlyList<Arm64Feature> extra = [];
        if (boot is not null)
        {
            direction = Direction(boot.Features, boot.Knowable, to.Features, to.Knowable, out var bootExtra, out var toExtra);
            extra = db.Expand(bootExtra).ToList();
            if (!Allows(direction.Value))
            {
                blockers.Add(OneWay(boot, to, direction.Value, extra, db.Expand(toExtra).ToList()));
            }
        }

        if (boot?.Host is { } bootHost && to.Host is { } toHost)
        {
            blockers.AddRange(Algorithms(vm, boot, bootHost, to, toHost));
        }

        var bootHz = boot?.Host?.CounterHz;
        var toHz = to.Host?.CounterHz;
        if (bootHz is { } b && toHz is { } t && b != t)
        {
            blockers.Add(DiagnosticCatalog.Arm64CounterMismatch.Create(
                SourceSpan.ForElement("--to", to.Name),
                $"the counter frequency of `{boot!.Name}` is {Hz(b)} (CNTFRQ_EL0) and that of `{to.Name}` is {Hz(t)}: a guest keeps the frequency it booted with, so its timers would run at the wrong rate",
                "live-migrate only between hosts whose firmware programs the same CNTFRQ_EL0; move this VM with a shutdown and a start"));
        }

        var bootGic = boot?.Host?.GicVersion;
        var toGic = to.Host?.GicVersion;
        if (bootGic is not null && toGic is not null && bootGic != toGic)
        {
            blockers.Add(DiagnosticCatalog.Arm64GicMismatch.Create(
                SourceSpan.ForElement("--to", to.Name),
                $"`{boot!.Name}` gives guests GIC version {bootGic} ({boot.Host!.GicSource}) and `{to.Name}` GIC version {toGic} ({to.Host!.GicSource}): the interrupt controller's state does not migrate between versions",
                "live-migrate only between hosts of the same GIC version (or pin the guest's GIC with `gic-version=` on both)"));
        }

        var pmu = db.Expand(vm.Features).Where(f => f.Primary.Field.Key == PmuField).ToList();
        if (pmu.Count > 0)
        {
            warnings.Add(DiagnosticCatalog.Arm64PmuNotMigrated.Create(
                SourceSpan.ForElement("--vm", vm.Name),
                $"the CPU of `{vm.Name}` has a PMU ({pmu[^1].Name}): PMU state is not migrated between Kunpeng generations, so counters in the guest break after the move",
                "start the VM with `pmu=off` (subtract `DFR0.PMUVer >= IMP` in its profile)"));
        }

        return new Arm64MigrationVerdict
        {
            Vm = vm.Name,
            VmKind = vm.Kind,
            VmFeatures = vm.Features,
            To = to.Name,
            BootHost = boot?.Name,
            Database = db,
            Missing = missing,
            Direction = direction,
            BootHostExtra = extra,
            BootCounterHz = bootHz,
            ToCounterHz = toHz,
            BootGic = bootGic,
            ToGic = toGic,
            Pmu = pmu.Count > 0,
            Blockers = blockers,
            Warnings = warnings,
        };
    }

    /// <summary>
    /// CP1032 for each feature of the VM with alternative fields (paca, pacg) that the boot host and the destination
    /// are known to give through different fields, one PAuth algorithm each: the guest's signed pointers would fail
    /// to authenticate after the move. A host known by hwcaps alone may use any field and is not held against.
    /// </summary>
    private static IEnumerable<Diagnostic> Algorithms(Side vm, Side boot, Arm64Host bootHost, Side to, Arm64Host toHost) =>
        bootHost.Database.Expand(vm.Features & bootHost.Features & toHost.Features)
            .Where(f => f.When.Count > 1 && !bootHost.Levels.Candidates(f).Intersect(toHost.Levels.Candidates(f)).Any())
            .Select(f => DiagnosticCatalog.Arm64PauthMigration.Create(
                SourceSpan.ForElement("--to", to.Name),
                $"the VM has `{f.Name}`, which `{boot.Name}` implements with {Fields(bootHost, f)} and `{to.Name}` with {Fields(toHost, f)}: a different pointer-authentication algorithm, so the pointers the guest signed fail to authenticate after the move",
                $"live-migrate only between hosts of one algorithm, move this VM with a shutdown and a start, or start it without `{f.Name}` (subtract it in its profile)"));

    private static string Fields(Arm64Host host, Arm64Feature f) => string.Join(" or ", host.Levels.Candidates(f).Select(c => c.Field.Key));

    /// <summary>The one-way rule between two aarch64 hosts: a VM booted on <paramref name="boot"/> moving to <paramref name="to"/>.</summary>
    public static Arm64Direction Direction(Arm64Host boot, Arm64Host to) =>
        Direction(boot.Features, boot.Knowable | boot.Features, to.Features, to.Knowable | to.Features, out _, out _);

    /// <summary>Whether the one-way rule lets a VM move in this direction (same generation, or older to newer).</summary>
    public static bool Allows(Arm64Direction direction) => direction is Arm64Direction.Same or Arm64Direction.OlderToNewer;

    /// <summary>
    /// Compares two hosts' features over what both files can state (a /proc/cpuinfo cannot state fields without a
    /// hwcap, so a dump's extra fields are not held against it).
    /// </summary>
    private static Arm64Direction Direction(FeatureSet boot, FeatureSet bootKnowable, FeatureSet to, FeatureSet toKnowable, out FeatureSet bootExtra, out FeatureSet toExtra)
    {
        var comparable = bootKnowable & toKnowable;
        bootExtra = (boot - to) & comparable;
        toExtra = (to - boot) & comparable;
        return (bootExtra.IsEmpty, toExtra.IsEmpty) switch
        {
            (true, true) => Arm64Direction.Same,
            (true, false) => Arm64Direction.OlderToNewer,
            (false, true) => Arm64Direction.NewerToOlder,
            _ => Arm64Direction.Neither,
        };
    }

    /// <summary>The name of a direction as reports print it.</summary>
    public static string Name(Arm64Direction direction) => direction switch
    {
        Arm64Direction.Same => "same",
        Arm64Direction.OlderToNewer => "older-to-newer",
        Arm64Direction.NewerToOlder => "newer-to-older",
        _ => "neither",
    };

    private static Diagnostic OneWay(Side boot, Side to, Arm64Direction direction, IReadOnlyList<Arm64Feature> bootExtra, IReadOnlyList<Arm64Feature> toExtra)
    {
        var message = direction == Arm64Direction.NewerToOlder
            ? $"`{boot.Name}` to `{to.Name}` is from the newer generation to the older: the boot host has {Names(bootExtra)} that the destination lacks; live migration between generations is one-way, older to newer"
            : $"neither `{boot.Name}` nor `{to.Name}` is the older generation: the boot host has {Names(bootExtra)} that the destination lacks, and the destination has {Names(toExtra)} that the boot host lacks; live migration between generations is one-way, older to newer";
        return DiagnosticCatalog.Arm64OneWayMigration.Create(
            SourceSpan.ForElement("--to", to.Name),
            message,
            "start the VM on the older generation with the minimum set both share (`baseline(...)`), or move it with a shutdown and a start");
    }

    private static string Names(IReadOnlyList<Arm64Feature> features) =>
        features.Count <= 8
            ? string.Join(", ", features.Select(f => f.Name))
            : $"{string.Join(", ", features.Take(8).Select(f => f.Name))} and {features.Count - 8} more";

    private static string Hz(ulong hz) => $"{hz} Hz";

    /// <summary>An aarch64 inventory file or an aarch64 host of the policy, else null.</summary>
    private static Side? Host(string value, FleetPolicy? policy)
    {
        if (value != "-" && File.Exists(value))
        {
            try
            {
                return InventoryReader.Read(value) is { Arm64: not null } inventory ? Side.Of(value, inventory) : null;
            }
            catch (DiagnosticException)
            {
                return null; // not an inventory: the x86 path reads it and says what it is
            }
        }

        return policy is { HasErrors: false } && policy.FindHost(value) is { Inventory: { Arm64: not null } stated } host
            ? Side.Of(host.Name, stated)
            : null;
    }

    /// <summary>An aarch64 host (its full set: <c>-cpu host</c>) or an aarch64 profile of the policy, else null.</summary>
    private static Side? Vm(string value, FleetPolicy? policy)
    {
        if (Host(value, policy) is { } host)
        {
            return host;
        }

        return policy is { HasErrors: false } && policy.FindProfile(value)?.Profile is { IsArm64: true } profile
            ? new Side(profile.Name, profile.Features, Arm64Database.Default.All, null, [])
            : null;
    }

    /// <summary>
    /// An aarch64 artifact (<see cref="Arm64VmArtifact"/>) or one of either architecture (<see cref="EitherArchHostCpu"/>):
    /// a file, standard input, or the value itself; else neither.
    /// </summary>
    private static (Arm64VmArtifact? Arm64, EitherArchHostCpu? EitherArch) Artifact(string value, TextReader? stdin)
    {
        var (text, source) = value == "-" && stdin is not null ? (InputFile.ReadText(value, stdin), "<stdin>")
            : value != "-" && File.Exists(value) ? (InputFile.ReadText(value), value)
            : (value, "--vm");
        return Arm64VmArtifact.TryRead(text, source) is { } arm64 ? (arm64, null) : (null, EitherArchHostCpu.TryRead(text, source));
    }

    /// <summary>The architecture of a host that is not an aarch64 one (read as the x86 path reads it; its own error if it is no host).</summary>
    private static string ArchOf(string value, string option, FleetPolicy? policy) =>
        HostLookup.Resolve(value, option, policy).Inventory?.ForeignArch ?? "x86";
}

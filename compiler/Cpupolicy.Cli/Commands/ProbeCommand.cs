using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Cpupolicy.Cli.Infrastructure;
using Cpupolicy.Cli.Output;
using Cpupolicy.Core.Database;
using Cpupolicy.Compiler.Probe;
using Cpupolicy.Compiler.Probe.Arm64;

namespace Cpupolicy.Cli.Commands;

/// <summary>
/// <c>cpupolicy probe --qemu-cpu STRING</c> or <c>--policy P --profile NAME [--libvirt]</c>: boot the probe guest
/// under QEMU and read the CPUID it sees. With a profile, the guest's view is compared with it (within the features
/// the artifact's backend controls); exit 3 when they differ. Features QEMU reports it cannot give under the
/// accelerator are listed as not emulated, not as differences.
/// </summary>
public static class ProbeCommand
{
    private static readonly Dictionary<string, ProbeAccelerator> Accelerators = new(StringComparer.Ordinal)
    {
        ["auto"] = ProbeAccelerator.Auto,
        ["tcg"] = ProbeAccelerator.Tcg,
        ["kvm"] = ProbeAccelerator.Kvm,
    };

    private static readonly Dictionary<string, ProbeArch> Arches = new(StringComparer.Ordinal)
    {
        ["x86_64"] = ProbeArch.X86,
        ["aarch64"] = ProbeArch.Aarch64,
    };

    public static Command Build(GlobalOptions globals, CliIo io)
    {
        var arch = new Option<string>("--arch")
        {
            Description = "x86_64 (a CPUID guest under qemu-system-x86_64) or aarch64 (an ID-register guest under qemu-system-aarch64 -M virt)",
            DefaultValueFactory = _ => "x86_64",
        };
        arch.AcceptOnlyFromAmong([.. Arches.Keys]);
        var expect = new Option<string>("--expect")
        {
            Description = "aarch64: an inventory (ID-register dump or /proc/cpuinfo) to compare the guest's registers with; exit 3 when they differ",
        };
        var qemuCpu = new Option<string>("--qemu-cpu")
        {
            Description = "The -cpu value to boot (e.g. 'Haswell-v4,-avx2'); with --policy/--profile it is checked against the profile instead of the profile's own artifact",
        };
        var policy = new Option<string>("--policy") { Description = "A policy file; with --profile, boot that profile's artifact and compare the guest's view with the profile (aarch64: within what the artifact's QEMU release controls)" };
        var profile = new Option<string>("--profile") { Description = "The profile of --policy to probe" };
        var libvirt = new Option<bool>("--libvirt") { Description = "Boot the profile's libvirt artifact as the real libvirt translates it (virsh domxml-to-native), not the qemu artifact" };
        var libvirtUri = new Option<string>("--libvirt-uri") { Description = "The libvirt connection for --libvirt (e.g. qemu:///system); default: a private session daemon started for this run" };
        var accel = new Option<string>("--accel")
        {
            Description = "auto (KVM where it is hardware-assisted and usable, for aarch64 on an aarch64 host, else TCG), tcg or kvm",
            DefaultValueFactory = _ => "auto",
        };
        accel.AcceptOnlyFromAmong([.. Accelerators.Keys]);
        var timeout = new Option<double>("--timeout")
        {
            Description = "Seconds one boot may take before QEMU is killed",
            DefaultValueFactory = _ => ProbeRunOptions.Default.Timeout.TotalSeconds,
        };
        var qemu = new Option<string>("--qemu") { Description = "The QEMU binary (default: qemu-system-x86_64, with --arch aarch64 qemu-system-aarch64)" };
        var save = new Option<string>("--save") { Description = "Also write the guest's probe output to this file (an inventory file `host` and policies read)" };
        var writeImage = new Option<string>("--write-image")
        {
            Description = "Write the probe guest (a multiboot ELF for `qemu-system-x86_64 -kernel`, with --arch aarch64 a raw image for `qemu-system-aarch64 -M virt -kernel`) to this file; alone, boot nothing",
        };
        var command = new Command("probe", "Boot a probe guest under QEMU and read the CPUID (aarch64: ID registers) it sees; with a profile, what differs")
        {
            arch, expect, qemuCpu, policy, profile, libvirt, libvirtUri, accel, timeout, qemu, save, writeImage,
        };
        command.SetAction(parse => CommandRunner.Run(io, parse, globals.Json, (ctx, p) =>
        {
            var guestArch = Arches[p.GetValue(arch)!];
            var request = new ProbeRequest
            {
                Arch = guestArch,
                ExpectPath = p.GetValue(expect),
                QemuCpu = p.GetValue(qemuCpu),
                PolicyPath = p.GetValue(policy),
                ProfileName = p.GetValue(profile),
                Libvirt = p.GetValue(libvirt),
                LibvirtUri = p.GetValue(libvirtUri),
                SavePath = p.GetValue(save),
                ImagePath = p.GetValue(writeImage),
                Run = new ProbeRunOptions
                {
                    Qemu = p.GetValue(qemu) ?? (guestArch == ProbeArch.Aarch64 ? Arm64ProbeRunner.DefaultQemu : ProbeRunOptions.Default.Qemu),
                    Accelerator = Accelerators[p.GetValue(accel)!],
                    Timeout = TimeSpan.FromSeconds(p.GetValue(timeout)),
                },
            };
            return Execute(ctx, request);
        }));
        return command;
    }

    private static int Execute(CommandContext ctx, ProbeRequest request)
    {
        Validate(request);
        var outcome = ProbeService.Run(request, ctx.Report);
        if (outcome.PolicyFailed)
        {
            return ExitCode.InputError;
        }

        if (outcome.Arm64 is { } arm64)
        {
            Arm64ProbeRendering.Write(ctx, arm64, outcome.Arm64Comparison, outcome.Target, outcome.Arm64PolicyComparison);
            return outcome.Arm64Comparison is { Matches: false } || outcome.Arm64PolicyComparison is { Matches: false } ? ExitCode.Incompatible : ExitCode.Success;
        }

        if (outcome.Observation is not { } observation)
        {
            return ExitCode.Success;
        }

        var db = FeatureDatabase.Default;
        if (ctx.Json)
        {
            ctx.WriteJson(ToJson(observation, outcome.Comparison, outcome.Target, db));
        }
        else
        {
            WriteText(ctx, observation, outcome.Comparison, outcome.Target, db);
        }

        return outcome.Comparison is { Matches: false } ? ExitCode.Incompatible : ExitCode.Success;
    }

    private static void Validate(ProbeRequest r)
    {
        if (r.Arch == ProbeArch.Aarch64)
        {
            ValidateArm64(r);
            return;
        }

        if (r.ExpectPath is not null)
        {
            throw new UsageException("--expect compares an aarch64 guest with an inventory: give --arch aarch64 (x86 probes compare with --policy/--profile)");
        }

        if ((r.PolicyPath is null) != (r.ProfileName is null))
        {
            throw new UsageException("--policy and --profile go together: give both, or neither");
        }

        if (r.QemuCpu is null && r.PolicyPath is null && r.ImagePath is null)
        {
            throw new UsageException("give --qemu-cpu STRING, or --policy P --profile NAME (or --write-image FILE)");
        }

        if (r.SavePath is not null && r.QemuCpu is null && r.PolicyPath is null)
        {
            throw new UsageException("--save writes what a boot printed: give --qemu-cpu or --policy/--profile too");
        }

        if (r.Libvirt && (r.PolicyPath is null || r.QemuCpu is not null))
        {
            throw new UsageException("--libvirt probes a profile's libvirt artifact: give --policy and --profile, and no --qemu-cpu");
        }

        if (r.LibvirtUri is not null && !r.Libvirt)
        {
            throw new UsageException("--libvirt-uri goes with --libvirt");
        }

        RequireTimeoutAndCpu(r);
    }

    /// <summary>
    /// The aarch64 probe boots a -cpu value or a profile's artifact (qemu, or libvirt with --libvirt), and compares
    /// the guest with an inventory (--expect) or the profile; not both at once.
    /// </summary>
    private static void ValidateArm64(ProbeRequest r)
    {
        if ((r.PolicyPath is null) != (r.ProfileName is null))
        {
            throw new UsageException("--policy and --profile go together: give both, or neither");
        }

        if (r.QemuCpu is null && r.PolicyPath is null && r.ImagePath is null)
        {
            throw new UsageException("--arch aarch64: give --qemu-cpu STRING (e.g. max, cortex-a72, host with --accel kvm), or --policy P --profile NAME (or --write-image FILE)");
        }

        if (r.ExpectPath is not null && r.PolicyPath is not null)
        {
            throw new UsageException("--expect compares with an inventory, --policy/--profile with a profile: give one of them");
        }

        if ((r.SavePath is not null || r.ExpectPath is not null) && !r.Boots)
        {
            throw new UsageException("--save and --expect need a boot: give --qemu-cpu or --policy/--profile too");
        }

        if (r.Libvirt && (r.PolicyPath is null || r.QemuCpu is not null))
        {
            throw new UsageException("--libvirt probes a profile's libvirt artifact: give --policy and --profile, and no --qemu-cpu");
        }

        if (r.LibvirtUri is not null && !r.Libvirt)
        {
            throw new UsageException("--libvirt-uri goes with --libvirt");
        }

        RequireTimeoutAndCpu(r);
    }

    private static JsonObject ToJson(ProbeObservation o, ProbeComparison? c, ProbeTarget? target, FeatureDatabase db)
    {
        var guest = o.Guest;
        return new JsonObject
        {
            ["features"] = JsonShapes.Features(db, guest.Features),
            ["not_emulated"] = JsonShapes.Features(db, c?.NotEmulated ?? o.Dropped.Dropped),
            ["missing"] = JsonShapes.Features(db, c?.Missing ?? FeatureSet.Empty),
            ["extra"] = JsonShapes.Features(db, c?.Extra ?? FeatureSet.Empty),
            ["missing_for_dependencies"] = JsonShapes.Names(db, c?.MissingForDependencies ?? o.Dropped.ForDependencies),
            ["profile"] = target?.Profile.Name,
            ["backend"] = target?.Backend,
            ["matches"] = c?.Matches,
            ["compared"] = c is null ? null : JsonShapes.Names(db, c.Compared),
            ["guest_state_dependent"] = JsonShapes.Array(GuestStateBits.Entries.Select(e => e.Feature)),
            ["cpu"] = o.Run.Cpu,
            ["accelerator"] = o.Run.Accelerator == ProbeAccelerator.Kvm ? "kvm" : "tcg",
            ["elapsed_ms"] = Math.Round(o.Run.Elapsed.TotalMilliseconds),
            ["vendor"] = guest.VendorString,
            ["family"] = guest.Family,
            ["model"] = guest.Model,
            ["stepping"] = guest.Stepping,
            ["qemu_warnings"] = JsonShapes.Array(Warnings(o.Run.Stderr)),
        };
    }

    private static void WriteText(CommandContext ctx, ProbeObservation o, ProbeComparison? c, ProbeTarget? target, FeatureDatabase db)
    {
        var g = o.Guest;
        var accel = o.Run.Accelerator == ProbeAccelerator.Kvm ? "KVM" : "TCG";
        ctx.Stdout.WriteLine($"probe: -cpu {o.Run.Cpu} ({accel}, {o.Run.Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s)");
        ctx.Stdout.WriteLine($"guest: {g.VendorString ?? "unknown vendor"} family {g.Family} model {g.Model} stepping {g.Stepping}, {g.Features.Count} features");
        ctx.Stdout.WriteLine($"  {Names(db, g.Features)}");
        var notEmulated = c?.NotEmulated ?? o.Dropped.Dropped;
        if (!notEmulated.IsEmpty)
        {
            ctx.Stdout.WriteLine($"not emulated by {accel} (QEMU dropped them): {Names(db, notEmulated)}");
        }

        if (c is null || target is null)
        {
            return;
        }

        var what = target.Backend == "qemu" ? "qemu artifact" : "libvirt artifact, as libvirt translates it";
        if (c.Matches)
        {
            ctx.Stdout.WriteLine($"profile `{target.Profile.Name}` ({what}): the guest sees exactly the profile ({c.Compared.Count} features compared)");
        }
        else
        {
            ctx.Stdout.WriteLine($"profile `{target.Profile.Name}` ({what}): the guest does NOT see the profile");
            if (!c.Missing.IsEmpty)
            {
                ctx.Stdout.WriteLine($"  missing (in the profile, not seen by the guest): {Names(db, c.Missing)}");
            }

            if (!c.MissingForDependencies.IsEmpty)
            {
                ctx.Stdout.WriteLine($"  QEMU dropped {Names(db, c.MissingForDependencies)}: they depend on features this -cpu turns off");
            }

            if (!c.Extra.IsEmpty)
            {
                ctx.Stdout.WriteLine($"  extra (seen by the guest, not in the profile): {Names(db, c.Extra)}");
            }
        }

        ctx.Stdout.WriteLine($"  not compared (set by the guest's own state): {string.Join(", ", GuestStateBits.Entries.Select(e => e.Feature))}");
    }

    private static IEnumerable<string> Warnings(string stderr) =>
        stderr.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0);

    private static string Names(FeatureDatabase db, FeatureSet set) =>
        set.IsEmpty ? "(none)" : string.Join(", ", db.Expand(set).Select(f => f.Name));

    /// <summary>What both architectures ask of the common options: a positive timeout, a -cpu value QEMU can be given.</summary>
    private static void RequireTimeoutAndCpu(ProbeRequest r)
    {
        if (r.Run.Timeout <= TimeSpan.Zero)
        {
            throw new UsageException("--timeout must be a positive number of seconds");
        }

        if (r.QemuCpu is { } cpu)
        {
            try
            {
                QemuCpuValue.FromArtifact(cpu);
            }
            catch (ArgumentException e)
            {
                throw new UsageException($"--qemu-cpu: {e.Message}");
            }
        }
    }
}

using System.CommandLine;
using System.Text.Json.Nodes;
using Cpupolicy.Cli.Infrastructure;
using Cpupolicy.Compiler.Inventory;
using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Cli.Output;
using Cpupolicy.Compiler.Analyses;
using Cpupolicy.Compiler.Analyses.Live;
using Cpupolicy.Core.Database;
using Cpupolicy.Compiler.Semantics.Binding;
using Spectre.Console;

namespace Cpupolicy.Cli.Commands;

/// <summary>
/// <c>cpupolicy migrate --vm X --to HOST [--policy P] [--from HOST]</c>: can a VM whose boot CPU is X run on HOST?
/// X is a profile of P, an inventory, or any backend's artifact (file or inline, aarch64 ones with --from), told apart by
/// content; <see cref="MigrationService"/> works out which and which check applies. Exit 0
/// compatible, 3 incompatible or "depends on the boot host" (the <c>verdict</c> says which); the missing features are
/// listed with their names in every backend. A libvirt <c>&lt;cpu&gt;</c> is also compared as libvirt compares it, and
/// a verdict that differs from libvirt's on purpose says why. A KubeVirt VMI or virt-launcher pod is checked against
/// the labels of every node of --to instead (<see cref="KubevirtPlacement"/>): exit 3 when some node lacks one.
/// </summary>
public static class MigrateCommand
{
    public static Command Build(GlobalOptions globals, CliIo io)
    {
        var vm = new Option<string>("--vm")
        {
            Description = "The VM's boot CPU: a profile of --policy, an inventory file, a KubeVirt VMI or virt-launcher pod (checked against the labels of --to when those are KubeVirt nodes), or an artifact (a -cpu string, libvirt <cpu> or domain XML (aarch64 too: -cpu host,sve=off,... with --from), xl cpuid= line or cfg, XAPI featureset or last_boot_CPU_flags, KubeVirt cpu, Proxmox cpu-models.conf section, Nova [libvirt] section), as a file or inline",
            Required = true,
        };
        var to = new Option<string>("--to") { Description = "The destination: an inventory file, or a host of --policy; for a KubeVirt VMI or pod, the nodes (`kubectl get nodes -o yaml`, node files, or a directory of them)", Required = true };
        var from = new Option<string>("--from") { Description = "The host the VM booted on (inventory file or host of --policy): it decides what the artifact leaves to the hypervisor; needed for an xl cpuid= and an aarch64 artifact (-cpu host,... or a libvirt aarch64 domain); for a host-model VMI, the node it runs on" };
        var policy = new Option<string>("--policy") { Description = "A policy whose profiles and hosts --vm, --to and --from may name" };
        var live = new Option<string>("--live") { Description = LiveCommands.OptionDescription + "; --vm is then the name of a running VM, --from its host" };
        var command = new Command("migrate", "Can a VM whose boot CPU is X run on HOST? The verdict, and every missing feature with its name in every backend; for a KubeVirt VMI or pod and KubeVirt nodes, each node's missing labels")
        {
            vm, to, from, policy, live,
        };
        command.SetAction(parse => CommandRunner.Run(io, parse, globals.Json, (ctx, p) =>
            Execute(ctx, p.GetValue(vm)!, p.GetValue(to)!, p.GetValue(from), p.GetValue(policy), p.GetValue(live), io.Env)));
        return command;
    }

    private static int Execute(CommandContext ctx, string vmValue, string toValue, string? fromValue, string? policyPath, string? live, Func<string, string?> env)
    {
        if (live is not null)
        {
            LiveCommands.RequireKnown(live);
            if (policyPath is null)
            {
                throw new UsageException("--live needs --policy: its hosts are where the VM is looked for");
            }
        }

        if (new[] { vmValue, toValue, fromValue, policyPath }.Count(v => v == "-") > 1)
        {
            throw new UsageException("only one of --vm, --to, --from and --policy can be read from stdin (-)");
        }

        FleetPolicy? policy = null;
        if (policyPath is not null)
        {
            policy = FleetPolicy.Load(policyPath, ctx.Stdin);
            ctx.Report(policy.Diagnostics);
            if (policy.HasErrors)
            {
                return ExitCode.InputError;
            }
        }

        var outcome = MigrationService.Run(new MigrationRequest
        {
            Vm = vmValue,
            To = toValue,
            From = fromValue,
            Policy = policy,
            Live = live is null ? null : LivePlatform.Create(live, env),
            LivePlatform = live,
            Stdin = ctx.Stdin,
        });
        return outcome switch
        {
            MigrationOutcome.Aarch64 arm64 => Arm64MigrateRendering.Write(ctx, arm64.Verdict),
            MigrationOutcome.KubevirtNodes nodes => KubevirtPlacementOutput.Write(ctx, nodes.Placement),
            MigrationOutcome.X86 x86 => WriteX86(ctx, x86.Vm, x86.From, x86.To, x86.Verdict),
            _ => throw new InvalidOperationException($"unknown migration outcome {outcome.GetType().Name}"),
        };
    }

    private static int WriteX86(CommandContext ctx, VmCpu vm, HostSymbol? from, HostSymbol to, MigrationVerdict verdict)
    {
        ctx.Report(verdict.Warnings);
        var db = FeatureDatabase.Default;
        if (ctx.Json)
        {
            ctx.WriteJson(new JsonObject
            {
                ["compatible"] = verdict.Compatible,
                ["verdict"] = Status(verdict.Status),
                ["missing"] = JsonShapes.Features(db, verdict.Missing),
                ["vendor_mismatch"] = verdict.VendorMismatch,
                ["arch_mismatch"] = verdict.ArchMismatch,
                ["forbidden"] = JsonShapes.Features(db, verdict.Forbidden),
                ["strict_extra"] = JsonShapes.Features(db, verdict.StrictExtra),
                ["depends_on_boot_host"] = JsonShapes.Features(db, verdict.DependsOnBootHost),
                ["depends_reason"] = verdict.DependsReason,
                ["libvirt"] = Libvirt(vm, verdict, db),
                ["differs_from_libvirt"] = verdict.DiffersFromLibvirt is not null,
                ["differs_reason"] = verdict.DiffersFromLibvirt,
                ["vm"] = new JsonObject
                {
                    ["kind"] = vm.Kind.ToString().ToLowerInvariant(),
                    ["source"] = vm.Source,
                    ["vendor"] = Vendor(verdict.VmVendor),
                    ["vendor_from"] = vm.VendorEvidence ?? (from is not null && vm.Vendor == CpuVendor.Unknown ? $"boot host {from.Name}" : null),
                    ["features"] = JsonShapes.Names(db, verdict.VmFeatures),
                },
                ["to"] = new JsonObject { ["name"] = to.Name, ["vendor"] = Vendor(to.Vendor) },
                ["from"] = from?.Name,
                ["diagnostics"] = new JsonArray(verdict.Warnings.Select(d => (JsonNode)JsonShapes.Diagnostic(d)).ToArray()),
            });
        }
        else
        {
            ctx.Stdout.WriteLine($"vm:       {vm.Source} ({vm.Kind.ToString().ToLowerInvariant()}), {verdict.VmFeatures.Count} features, vendor {Vendor(verdict.VmVendor) ?? "unknown"}");
            ctx.Stdout.WriteLine($"host:     {ctx.Out.Bold(to.Name)}, vendor {Vendor(to.Vendor) ?? "unknown"}");
            ctx.Stdout.WriteLine($"verdict:  {verdict.Status switch
            {
                MigrationStatus.Compatible => ctx.Out.Good("compatible"),
                MigrationStatus.Incompatible => ctx.Out.Bad("INCOMPATIBLE"),
                _ => ctx.Out.Unsure("DEPENDS ON THE BOOT HOST (give it with --from)"),
            }}");
            if (verdict.ArchMismatch is { } arch)
            {
                ctx.Stdout.WriteLine($"arch:     {arch}");
            }

            if (verdict.VendorMismatch)
            {
                ctx.Stdout.WriteLine($"vendor:   the VM booted on {verdict.VmVendor.LibvirtName()}, the host is {verdict.HostVendor.LibvirtName()}: no live migration across vendors");
            }

            if (!verdict.Forbidden.IsEmpty)
            {
                ctx.Stdout.WriteLine($"forbid:   the host has {Names(db, verdict.Forbidden)}, which the VM's <cpu> forbids (policy='forbid')");
            }

            if (!verdict.StrictExtra.IsEmpty)
            {
                ctx.Stdout.WriteLine($"strict:   match='strict' and the host has {Names(db, verdict.StrictExtra)}, which the VM's <cpu> does not list");
            }

            if (!verdict.DependsOnBootHost.IsEmpty)
            {
                ctx.Stdout.WriteLine($"depends:  {verdict.DependsReason}; the host lacks {Names(db, verdict.DependsOnBootHost)}");
            }

            if (verdict.Libvirt is { } libvirt)
            {
                ctx.Stdout.WriteLine($"libvirt:  {Result(libvirt.Result)}: {libvirt.Message}{(libvirt.Compatible || libvirt.Features.IsEmpty ? string.Empty : ": " + Names(db, libvirt.Features))}");
            }

            if (verdict.DiffersFromLibvirt is { } why)
            {
                ctx.Stdout.WriteLine($"differs:  on purpose from libvirt's comparison: {why}");
            }

            if (!verdict.Missing.IsEmpty)
            {
                var table = new Table().AddColumns("missing feature", "where", "xen", "qemu", "libvirt", "linux");
                foreach (var f in db.Expand(verdict.Missing))
                {
                    table.AddRow(
                        Markup.Escape(f.Name),
                        Markup.Escape(f.Location.ToString()),
                        Markup.Escape(f.Spellings.XenFor(JsonShapes.DefaultXenRelease) ?? "-"),
                        Markup.Escape(f.Spellings.Qemu ?? "-"),
                        Markup.Escape(f.Spellings.Libvirt ?? "-"),
                        Markup.Escape(f.Spellings.Linux ?? "-"));
                }

                ctx.Console.Write(table);
            }
        }

        return verdict.Compatible ? ExitCode.Success : ExitCode.Incompatible;
    }

    private static string Status(MigrationStatus status) => status switch
    {
        MigrationStatus.Compatible => "compatible",
        MigrationStatus.Incompatible => "incompatible",
        _ => "depends-on-boot-host",
    };

    private static string Result(LibvirtCompareResult result) => result.ToString().ToLowerInvariant();

    private static string Names(FeatureDatabase db, FeatureSet set) =>
        string.Join(", ", db.Expand(set).Select(f => f.Spellings.Libvirt ?? f.Name));

    /// <summary>The libvirt <c>&lt;cpu&gt;</c>'s attributes and libvirt's own comparison, or null for other descriptions.</summary>
    private static JsonObject? Libvirt(VmCpu vm, MigrationVerdict verdict, FeatureDatabase db) => vm.Libvirt is not { } cpu
        ? null
        : new JsonObject
        {
            ["mode"] = cpu.Mode,
            ["match"] = cpu.Match,
            ["check"] = cpu.Check,
            ["fallback"] = cpu.Fallback,
            ["model"] = cpu.Model?.Name,
            ["result"] = verdict.Libvirt is { } l ? Result(l.Result) : null,
            ["message"] = verdict.Libvirt?.Message,
            ["features"] = verdict.Libvirt is { } r ? JsonShapes.Features(db, r.Features) : null,
        };

    private static string? Vendor(CpuVendor vendor) => vendor == CpuVendor.Unknown ? null : vendor.CpuidString();
}

using System.Globalization;
using System.Text.Json.Nodes;
using Cpupolicy.Cli.Output;
using Cpupolicy.Compiler.Inventory;
using Cpupolicy.Compiler.Probe;
using Cpupolicy.Compiler.Probe.Arm64;
using Cpupolicy.Core.Database;
using Cpupolicy.Core.Database.Arm64;

namespace Cpupolicy.Cli.Commands;

/// <summary>
/// How <c>probe --arch aarch64</c> shows its result: the ID-register dump (an inventory file) extended with the run
/// and the comparison under <c>--json</c>, a register table and the features as text. Against a profile, the
/// differences outside what the artifact's QEMU release controls are shown as such, never as a mismatch.
/// </summary>
internal static class Arm64ProbeRendering
{
    public static void Write(CommandContext ctx, Arm64ProbeObservation o, Arm64ProbeComparison? c, ProbeTarget? target, Arm64PolicyComparison? p)
    {
        if (ctx.Json)
        {
            var json = ToJson(o, c);
            if (target is not null && p is not null)
            {
                AddPolicy(json, o.Guest.Database, target, p);
            }

            ctx.WriteJson(json);
        }
        else
        {
            WriteText(ctx, o, c);
            if (target is not null && p is not null)
            {
                WritePolicy(ctx, o.Guest.Database, target, p);
            }
        }
    }

    private static void AddPolicy(JsonObject json, Arm64Database db, ProbeTarget target, Arm64PolicyComparison p)
    {
        json["profile"] = target.Profile.Name;
        json["backend"] = target.Backend;
        json["release"] = p.Release;
        json["matches"] = p.Matches;
        json["compared"] = Names(db, p.Compared);
        json["missing"] = Names(db, p.Missing);
        json["extra"] = Names(db, p.Extra);
        json["not_controllable"] = new JsonObject
        {
            ["release"] = p.Release,
            ["missing"] = Names(db, p.UncontrolledMissing),
            ["extra"] = Names(db, p.UncontrolledExtra),
        };
    }

    private static void WritePolicy(CommandContext ctx, Arm64Database db, ProbeTarget target, Arm64PolicyComparison p)
    {
        var what = target.Backend == "qemu" ? "qemu artifact" : "libvirt artifact, as libvirt translates it";
        ctx.Stdout.WriteLine(p.Matches
            ? $"profile `{target.Profile.Name}` ({what}, QEMU {p.Release}): the guest reads exactly the profile within what QEMU {p.Release} controls ({p.Compared.Count} features compared)"
            : $"profile `{target.Profile.Name}` ({what}, QEMU {p.Release}): the guest does NOT read the profile");
        if (!p.Missing.IsEmpty)
        {
            ctx.Stdout.WriteLine($"  missing (in the profile, not seen by the guest): {Join(db, p.Missing)}");
        }

        if (!p.Extra.IsEmpty)
        {
            ctx.Stdout.WriteLine($"  extra (seen by the guest, not in the profile): {Join(db, p.Extra)}");
        }

        if (!p.UncontrolledMissing.IsEmpty || !p.UncontrolledExtra.IsEmpty)
        {
            ctx.Stdout.WriteLine($"  not controllable by QEMU {p.Release} (the CPU model decides them, no -cpu property can):");
            if (!p.UncontrolledMissing.IsEmpty)
            {
                ctx.Stdout.WriteLine($"    in the profile, not seen by the guest: {Join(db, p.UncontrolledMissing)}");
            }

            if (!p.UncontrolledExtra.IsEmpty)
            {
                ctx.Stdout.WriteLine($"    seen by the guest, not in the profile: {Join(db, p.UncontrolledExtra)}");
            }
        }
    }

    private static JsonObject ToJson(Arm64ProbeObservation o, Arm64ProbeComparison? c)
    {
        var db = o.Guest.Database;
        var json = Arm64RegisterDump.ToJson(o.Registers, db);
        json["midr"] = o.Guest.Midr is { } m
            ? new JsonObject
            {
                ["implementer"] = $"0x{m.Implementer:x2}",
                ["part"] = $"0x{m.Part:x3}",
                ["variant"] = m.Variant,
                ["revision"] = m.Revision,
                ["description"] = m.Describe(db),
            }
            : null;
        json["cntfrq_hz"] = o.Registers.TryGetValue(Arm64SystemRegister.CntfrqEl0.Name, out var f) ? f : null;
        json["cpu"] = o.Run.Cpu;
        json["accelerator"] = o.Run.Accelerator == ProbeAccelerator.Kvm ? "kvm" : "tcg";
        json["elapsed_ms"] = Math.Round(o.Run.Elapsed.TotalMilliseconds);
        json["qemu_warnings"] = JsonShapes.Array(o.Run.Stderr.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0));
        if (c is not null)
        {
            json["expected"] = c.ExpectedSource;
            json["matches"] = c.Matches;
            json["differences"] = new JsonArray([.. c.Differences.Select(d => (JsonNode)new JsonObject
            {
                ["register"] = d.Register,
                ["field"] = d.Field,
                ["expected"] = d.Expected,
                ["guest"] = d.Guest,
            })]);
            json["missing"] = Names(db, c.Missing);
            json["extra"] = Names(db, c.Extra);
        }

        return json;
    }

    private static void WriteText(CommandContext ctx, Arm64ProbeObservation o, Arm64ProbeComparison? c)
    {
        var db = o.Guest.Database;
        var accel = o.Run.Accelerator == ProbeAccelerator.Kvm ? "KVM" : "TCG";
        ctx.Stdout.WriteLine($"probe: aarch64 -cpu {o.Run.Cpu} ({accel}, {o.Run.Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s)");
        var counter = o.Registers.TryGetValue(Arm64SystemRegister.CntfrqEl0.Name, out var hz) ? $", counter {hz.ToString(CultureInfo.InvariantCulture)} Hz" : string.Empty;
        ctx.Stdout.WriteLine($"guest: {o.Guest.Describe() ?? "unknown CPU"}{counter}, {o.Guest.Features.Count} features");
        var width = o.Registers.Keys.Max(k => k.Length);
        foreach (var (name, value) in o.Registers.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            ctx.Stdout.WriteLine($"  {name.PadRight(width)}  {Arm64RegisterDump.Hex(value)}");
        }

        ctx.Stdout.WriteLine($"  features: {Join(db, o.Guest.Features)}");
        if (c is null)
        {
            return;
        }

        if (c.Matches)
        {
            ctx.Stdout.WriteLine($"expected `{c.ExpectedSource}`: the guest reads exactly what it states");
            return;
        }

        ctx.Stdout.WriteLine($"expected `{c.ExpectedSource}`: the guest does NOT read what it states");
        foreach (var d in c.Differences)
        {
            ctx.Stdout.WriteLine(d.Field is null
                ? $"  {d.Register} (bits no field describes): expected {d.Expected}, guest {d.Guest}"
                : $"  {d.Register}.{d.Field}: expected {d.Expected}, guest {d.Guest}");
        }

        if (!c.Missing.IsEmpty)
        {
            ctx.Stdout.WriteLine($"  missing (stated, not seen by the guest): {Join(db, c.Missing)}");
        }

        if (!c.Extra.IsEmpty)
        {
            ctx.Stdout.WriteLine($"  extra (seen by the guest, not stated): {Join(db, c.Extra)}");
        }
    }

    private static JsonArray Names(Arm64Database db, FeatureSet set) => JsonShapes.Array(db.Expand(set).Select(f => f.Name));

    private static string Join(Arm64Database db, FeatureSet set) =>
        set.IsEmpty ? "(none)" : string.Join(", ", db.Expand(set).Select(f => f.Name));
}

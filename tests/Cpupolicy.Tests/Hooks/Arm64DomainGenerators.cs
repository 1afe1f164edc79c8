using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace Cpupolicy.Tests.Hooks;

/// <summary>
/// An aarch64 domain XML generated for the merge laws, with the generator's own record of what the merge must keep:
/// the exact text of every child of <c>&lt;domain&gt;</c> the merge does not own, of every <c>&lt;features&gt;</c> child
/// but <c>&lt;pmu&gt;</c>, and of every <c>&lt;qemu:commandline&gt;</c> argument that does not set the CPU, in order.
/// </summary>
public sealed record GeneratedArm64Domain(byte[] Bytes, string Name, IReadOnlyList<string> Kept)
{
    public string Text => Encoding.UTF8.GetString(Bytes);

    public override string ToString() => Text;
}

/// <summary>
/// FsCheck generators of aarch64 domain XMLs shaped to trip the fragment merge: <c>&lt;features&gt;</c> absent,
/// self-closing or with <c>&lt;pmu&gt;</c> in either state (sometimes twice); <c>&lt;cpu&gt;</c> absent, self-closing or
/// with an SVE feature; <c>&lt;qemu:commandline&gt;</c> absent, self-closing, or with CPU arguments (<c>-cpu</c>,
/// <c>-global host-arm-cpu.*</c> in both spellings) among others, under the prefix <c>qemu</c> declared on the root
/// or on the element, another prefix, or a default namespace; look-alikes in other namespaces
/// (<c>&lt;x:features&gt;&lt;pmu/&gt;</c>, <c>&lt;z:commandline&gt;</c>); children in any order; LF or CRLF; one line or many.
/// </summary>
internal static class Arm64DomainGenerators
{
    private const string Uri = "http://libvirt.org/schemas/domain/qemu/1.0";

    private static readonly string[] OtherArgs = ["-set", "device.net0.romfile=", "-device", "virtio-rng-pci", "-global", "virtio-blk-device.scsi=off", "-msg", "timestamp=on"];

    private static readonly (string, string)[] CpuArgs =
    [
        ("-cpu", "host,sve=on"), ("-global", "host-arm-cpu.sve=on"), ("-global", "host-arm-cpu.SYSREG_ID_AA64ISAR0_EL1_SM3=0x1"),
        ("-global", "driver=host-arm-cpu,property=pmu,value=on"), ("-global", "max-arm-cpu.pauth=on"), ("--global", "host-arm-cpu.SYSREG_ID_AA64MMFR2_EL1_AT=0x1"),
    ];

    public static Arbitrary<GeneratedArm64Domain> Arbitrary { get; } = Domain().ToArbitrary();

    private sealed record Piece(string Text, IReadOnlyList<string> Kept);

    private static Gen<Piece> Features(string nl, string i) => Gen.OneOf(
        Gen.Constant(new Piece(string.Empty, [])),
        Gen.Constant(new Piece($"{nl}{i}<features/>", [])),
        from acpi in Gen.Elements(true, false)
        from pmu in Gen.Elements(string.Empty, "<pmu state='on'/>", "<pmu state=\"off\" />", "<pmu state='off'/>", "<pmu state='off'/><pmu state='on'/>")
        from gic in Gen.Elements(true, false)
        select new Piece(
            $"{nl}{i}<features>{(acpi ? $"{nl}{i}{i}<acpi/>" : string.Empty)}{(pmu.Length > 0 ? $"{nl}{i}{i}{pmu}" : string.Empty)}{(gic ? $"{nl}{i}{i}<gic version='3'/>" : string.Empty)}{nl}{i}</features>",
            [.. acpi ? new[] { "<acpi/>" } : [], .. gic ? new[] { "<gic version='3'/>" } : []]));

    private static Gen<string> Cpu(string nl, string i) => Gen.Elements(
        string.Empty,
        $"{nl}{i}<cpu mode='host-passthrough' check='none'/>",
        $"{nl}{i}<cpu mode='host-passthrough'>{nl}{i}{i}<feature policy='require' name='sve'/>{nl}{i}</cpu>",
        $"{nl}{i}<cpu/>");

    /// <summary>A &lt;qemu:commandline&gt; (or none) and whether the root must declare its prefix.</summary>
    private static Gen<(Piece Element, string RootDeclaration)> Commandline(string nl, string i) =>
        from form in Gen.Elements("none", "root", "element", "other", "default", "empty")
        from count in Gen.Choose(0, 4)
        from picks in Gen.ArrayOf(Gen.Choose(0, OtherArgs.Length / 2 + CpuArgs.Length - 1), count)
        select Build(form, picks, nl, i);

    private static (Piece, string) Build(string form, int[] picks, string nl, string i)
    {
        if (form == "none")
        {
            return (new Piece(string.Empty, []), string.Empty);
        }

        var (prefix, open, root) = form switch
        {
            "root" or "empty" => ("qemu:", $"<qemu:commandline>", $" xmlns:qemu='{Uri}'"),
            "element" => ("qemu:", $"<qemu:commandline xmlns:qemu='{Uri}'>", string.Empty),
            "other" => ("q:", $"<q:commandline>", $" xmlns:q=\"{Uri}\""),
            _ => (string.Empty, $"<commandline xmlns='{Uri}'>", string.Empty),
        };
        if (form == "empty")
        {
            return (new Piece($"{nl}{i}<qemu:commandline/>", []), root);
        }

        var text = new StringBuilder($"{nl}{i}{open}");
        var kept = new List<string>();
        foreach (var pick in picks)
        {
            var (a, b) = pick < OtherArgs.Length / 2 ? (OtherArgs[2 * pick], OtherArgs[2 * pick + 1]) : CpuArgs[pick - OtherArgs.Length / 2];
            var first = $"<{prefix}arg value='{a}'/>";
            var second = $"<{prefix}arg value='{b}'/>";
            text.Append($"{nl}{i}{i}{first}{nl}{i}{i}{second}");
            if (pick < OtherArgs.Length / 2)
            {
                kept.Add(first);
                kept.Add(second);
            }
        }

        text.Append($"{nl}{i}</{prefix}commandline>");
        return (new Piece(text.ToString(), kept), root);
    }

    private static Gen<Piece> Other(string nl, string i) => Gen.Elements(
        new Piece($"{nl}{i}<clock offset='utc'/>", ["<clock offset='utc'/>"]),
        new Piece($"{nl}{i}<!-- <pmu state='on'/> <qemu:arg value='-cpu'/> -->", ["<!-- <pmu state='on'/> <qemu:arg value='-cpu'/> -->"]),
        new Piece($"{nl}{i}<x:features xmlns:x='urn:x'><pmu state='on'/></x:features>", ["<x:features xmlns:x='urn:x'><pmu state='on'/></x:features>"]),
        new Piece($"{nl}{i}<z:commandline xmlns:z='urn:z'><z:arg value='-cpu'/><z:arg value='max'/></z:commandline>", ["<z:commandline xmlns:z='urn:z'><z:arg value='-cpu'/><z:arg value='max'/></z:commandline>"]),
        new Piece($"{nl}{i}<devices>{nl}{i}{i}<emulator>/usr/bin/qemu-kvm</emulator>{nl}{i}</devices>", ["<emulator>/usr/bin/qemu-kvm</emulator>"]),
        new Piece($"{nl}{i}<vcpu placement='static'>2</vcpu>", ["<vcpu placement='static'>2</vcpu>"]));

    private static Gen<GeneratedArm64Domain> Domain() =>
        from layout in Gen.Elements(("\n", "  "), ("\r\n", "  "), ("\n", "\t"), ("\n", "    "), (string.Empty, string.Empty))
        from number in Gen.Choose(0, 99)
        from hpc in Gen.Elements(false, false, true)
        from features in Features(layout.Item1, layout.Item2)
        from cpu in Cpu(layout.Item1, layout.Item2)
        from commandline in Commandline(layout.Item1, layout.Item2)
        from others in Gen.ListOf(Other(layout.Item1, layout.Item2))
        from order in Gen.Shuffle(Enumerable.Range(0, 3 + Math.Min(others.Count, 4)).ToArray())
        from tail in Gen.Elements(true, false)
        select Assemble(layout.Item1, layout.Item2, hpc ? $"hpc-{number}" : $"web-{number}", features, cpu, commandline, others.Take(4).ToList(), order, tail);

    private static GeneratedArm64Domain Assemble(string nl, string i, string name, Piece features, string cpu, (Piece Element, string Root) commandline, IReadOnlyList<Piece> others, int[] order, bool tail)
    {
        var pieces = new List<Piece> { features, new(cpu, []), commandline.Element };
        pieces.AddRange(others);
        var text = new StringBuilder($"<domain type='kvm'{commandline.Root}>{nl}{i}<name>{name}</name>");
        text.Append($"{nl}{i}<os>{nl}{i}{i}<type arch='aarch64' machine='virt-8.2'>hvm</type>{nl}{i}</os>");
        var kept = new List<string> { "<type arch='aarch64' machine='virt-8.2'>hvm</type>" };
        foreach (var k in order)
        {
            text.Append(pieces[k].Text);
            kept.AddRange(pieces[k].Kept);
        }

        text.Append(tail ? nl : string.Empty).Append("</domain>").Append(nl);
        return new GeneratedArm64Domain(Encoding.UTF8.GetBytes(text.ToString()), name, kept);
    }
}

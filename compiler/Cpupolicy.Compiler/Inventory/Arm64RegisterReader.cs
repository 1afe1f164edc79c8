using System.Globalization;
using System.Text.Json;
using Cpupolicy.Core.Database;
using Cpupolicy.Core.Database.Arm64;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.Inventory;

/// <summary>
/// Reads an aarch64 ID-register dump, the JSON `cpupolicy probe --arch aarch64 --json` prints (and what an admin can
/// write from a guest or host that reads the registers):
/// <c>{"arch":"aarch64","registers":{"MIDR_EL1":"0x414fd0c1","ID_AA64ISAR0_EL1":"0x...",...},"features":[...]}</c>.
/// The registers are the truth; <c>features</c> is informational and not read. Every field of a register given is
/// known; a register not given is unknown. <c>CNTFRQ_EL0</c> among the registers is the counter frequency; an optional
/// top-level <c>"gic_version"</c> (<c>"3"</c>, or a number) states the GIC version, which otherwise follows from
/// ID_AA64PFR0_EL1.GIC (the CPU interface the guest sees: none = GICv2, IMP = GICv3, V4P1 = GICv4.1).
/// </summary>
public static class Arm64RegisterReader
{
    public static bool Looks(string text) =>
        text.TrimStart().StartsWith('{') && text.Contains("\"aarch64\"", StringComparison.Ordinal) && text.Contains("\"registers\"", StringComparison.Ordinal);

    public static HostCapability Parse(string text, string path, Arm64Database db)
    {
        var registers = new SortedDictionary<string, ulong>(StringComparer.Ordinal);
        string? statedGic = null;
        try
        {
            using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 8 });
            // TryGetProperty throws on a root that is not an object (AFL++ found `"{"`), so ask for an object first.
            if (doc.RootElement.ValueKind != JsonValueKind.Object
                || !doc.RootElement.TryGetProperty("registers", out var regs) || regs.ValueKind != JsonValueKind.Object)
            {
                throw Invalid(path, "there is no `registers` object");
            }

            foreach (var r in regs.EnumerateObject())
            {
                var s = r.Value.ValueKind == JsonValueKind.String ? r.Value.GetString()! : "";
                if (!s.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
                    || !ulong.TryParse(s.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var value))
                {
                    throw Invalid(path, $"register `{r.Name}` should be a hex string like \"0x1\", not `{r.Value.GetRawText()}`");
                }

                registers[r.Name] = value;
            }

            if (doc.RootElement.TryGetProperty("gic_version", out var gic))
            {
                statedGic = gic.ValueKind switch
                {
                    JsonValueKind.String when GicVersionText(gic.GetString()!) is { } v => v,
                    JsonValueKind.Number when GicVersionText(gic.GetRawText()) is { } v => v,
                    _ => throw Invalid(path, $"`gic_version` should be \"2\", \"3\", \"4\" or \"4.1\", not `{gic.GetRawText()}`"),
                };
            }
        }
        catch (JsonException e)
        {
            throw Invalid(path, $"not valid JSON ({e.Message.Split('.')[0]})");
        }

        if (!registers.TryGetValue("MIDR_EL1", out var midrValue))
        {
            throw Invalid(path, "there is no `MIDR_EL1` register");
        }

        var midr = Arm64Midr.FromValue(midrValue);
        var knowable = FeatureSet.Of(db.Features.Where(f => f.When.All(c => registers.ContainsKey(c.Field.Register))).Select(f => f.Index));
        var (gicVersion, gicSource) = statedGic is not null ? (statedGic, "gic_version") : GicFromRegisters(registers, db);
        var host = new Arm64Host(Arm64Levels.FromRegisters(registers, db), knowable, midr, registers)
        {
            CounterHz = registers.TryGetValue(CounterRegister, out var hz) ? hz : null,
            GicVersion = gicVersion,
            GicSource = gicSource,
        };
        return new HostCapability
        {
            SourcePath = path,
            Format = InventoryFormat.Arm64Registers,
            Vendor = host.Vendor,
            Features = FeatureSet.Empty,
            Knowable = FeatureSet.Empty,
            ForeignArch = Arm64Host.Arch,
            Arm64 = host,
        };
    }

    /// <summary>The counter-frequency register's name in a dump (the probe reads it with MRS like the ID registers).</summary>
    public const string CounterRegister = "CNTFRQ_EL0";

    /// <summary>A GIC version as a dump or libvirt states it (<c>3</c>, <c>"4.1"</c>), normalised; null when it is none.</summary>
    public static string? GicVersionText(string text) => text.Trim() switch
    {
        "2" => "2",
        "3" => "3",
        "4" or "4.0" => "4",
        "4.1" => "4.1",
        _ => null,
    };

    /// <summary>The GIC version ID_AA64PFR0_EL1.GIC implies, with the field as its source; nulls without the register.</summary>
    private static (string? Version, string? Source) GicFromRegisters(IReadOnlyDictionary<string, ulong> registers, Arm64Database db)
    {
        if (db.FindField("ID_AA64PFR0_EL1.GIC") is not { } field || !registers.TryGetValue(field.Register, out var pfr0))
        {
            return (null, null);
        }

        var raw = field.Raw(pfr0);
        return (raw switch { 0 => "2", 1 => "3", _ => "4.1" }, $"{field.Key} = {raw} ({field.LevelName(field.Rank(raw))})");
    }

    private static DiagnosticException Invalid(string path, string message) =>
        InventoryErrors.File(DiagnosticCatalog.Arm64RegistersInvalid, path, message, "see docs/arm64.md for the ID-register dump format");
}

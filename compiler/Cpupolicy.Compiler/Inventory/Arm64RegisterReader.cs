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
/// known; a register not given is unknown.
/// </summary>
public static class Arm64RegisterReader
{
    public static bool Looks(string text) =>
        text.TrimStart().StartsWith('{') && text.Contains("\"aarch64\"", StringComparison.Ordinal) && text.Contains("\"registers\"", StringComparison.Ordinal);

    public static HostCapability Parse(string text, string path, Arm64Database db)
    {
        var registers = new SortedDictionary<string, ulong>(StringComparer.Ordinal);
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
        var host = new Arm64Host(Arm64Levels.FromRegisters(registers, db), knowable, midr, registers);
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

    private static DiagnosticException Invalid(string path, string message) =>
        InventoryErrors.File(DiagnosticCatalog.Arm64RegistersInvalid, path, message, "see docs/arm64.md for the ID-register dump format");
}

using Cpupolicy.Core.Database;
using Iced.Intel;

namespace Cpupolicy.Compiler.Audit;

/// <summary>
/// Decodes every code region of an ELF file with Iced (a linear sweep, as <c>objdump -d</c> does) and counts, per
/// database feature, the instructions that need it. What an instruction needs is worked out once per Iced
/// <see cref="Code"/> (a few thousand), so the per-instruction work is a table lookup and a few increments.
/// </summary>
public sealed class InstructionScanner
{
    private static readonly Lazy<InstructionScanner> DefaultLazy = new(() => new InstructionScanner(IcedFeatureMap.Default, FeatureDatabase.Default));

    private readonly FeatureDatabase db;
    private readonly int[][] featuresByCode;
    private readonly CpuidFeature[][] unnamedByCode;

    public InstructionScanner(IcedFeatureMap map, FeatureDatabase db)
    {
        this.db = db;
        var codes = Enum.GetValues<Code>();
        var size = codes.Max(c => (int)c) + 1;
        featuresByCode = new int[size][];
        unnamedByCode = new CpuidFeature[size][];
        foreach (var code in codes)
        {
            var instruction = default(Instruction);
            instruction.Code = code;
            var rows = code == Code.INVALID || map.IsExempt(code) ? [] : instruction.CpuidFeatures.Select(f => map[f]).ToList();

            // Several Iced features can name one database feature (FPU, FPU287, FPU387): count the instruction once.
            featuresByCode[(int)code] = rows.Where(r => r.Kind == IcedMappingKind.Features)
                .Aggregate(FeatureSet.Empty, (set, r) => set | r.Features).ToArray();
            unnamedByCode[(int)code] = rows.Where(r => r.Kind == IcedMappingKind.Unnamed).Select(r => r.Feature).Distinct().ToArray();
        }
    }

    public static InstructionScanner Default => DefaultLazy.Value;

    public CodeCensus Scan(ElfImage image)
    {
        var counts = new long[db.Features.Count];
        var firstAddress = new ulong[db.Features.Count];
        var firstRegion = new string[db.Features.Count];
        var unnamed = new SortedDictionary<string, (long Count, ulong Address, string Region)>(StringComparer.Ordinal);
        long instructions = 0, invalid = 0, bytes = 0;
        foreach (var region in image.CodeRegions)
        {
            bytes += region.Length;
            var reader = new ByteArrayCodeReader(image.Data, region.Offset, region.Length);
            var decoder = Decoder.Create(image.Bitness, reader, region.Address, DecoderOptions.None);

            // Each Decode consumes at least one byte (an undecodable byte is one INVALID instruction), so this ends.
            while (reader.CanReadByte)
            {
                decoder.Decode(out var instruction);
                instructions++;
                var code = instruction.Code;
                if (code == Code.INVALID)
                {
                    invalid++;
                    continue;
                }

                foreach (var index in featuresByCode[(int)code])
                {
                    if (counts[index]++ == 0)
                    {
                        firstAddress[index] = instruction.IP;
                        firstRegion[index] = region.Name;
                    }
                }

                foreach (var feature in unnamedByCode[(int)code])
                {
                    var name = feature.ToString();
                    unnamed[name] = unnamed.TryGetValue(name, out var seen)
                        ? seen with { Count = seen.Count + 1 }
                        : (1, instruction.IP, region.Name);
                }
            }
        }

        var uses = new List<FeatureUse>();
        for (var i = 0; i < counts.Length; i++)
        {
            if (counts[i] > 0)
            {
                uses.Add(new FeatureUse(db[i], counts[i], firstAddress[i], firstRegion[i]));
            }
        }

        var others = unnamed.Select(kv => new UnnamedFeatureUse(kv.Key, kv.Value.Count, kv.Value.Address, kv.Value.Region)).ToList();
        return new CodeCensus(uses, others, instructions, invalid, bytes);
    }
}

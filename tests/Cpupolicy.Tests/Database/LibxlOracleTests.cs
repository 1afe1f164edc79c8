using System.Text.Json.Nodes;
using Cpupolicy.Core.Database;
using Cpupolicy.Generator.Sources;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Database;

/// <summary>
/// Proves the libxl keys of the database against the real libxenlight (Debian 12: Xen 4.17.7): each key, set to 1,
/// must set exactly its feature's bit and nothing else.
/// </summary>
public sealed class LibxlOracleTests
{
    private const string Release = "4.17.7";

    [SkippableFact]
    public void Every_4_17_7_key_sets_exactly_its_features_bit()
    {
        var oracle = LibxlOracle.Require();
        var features = FeatureDatabase.Default.Features.Where(f => f.Spellings.XenFor(Release) is not null).ToList();
        Assert.True(features.Count >= 232, $"only {features.Count} features have a {Release} key");
        var results = oracle.Parse(features.Select(f => $"host,{f.Spellings.XenFor(Release)}=1").ToList());
        var wrong = features.Zip(results)
            .Select(p => Mismatch(p.First.Location, p.Second) is { } why ? $"{p.First.Spellings.XenFor(Release)} ({p.First.Name}): {why}" : null)
            .OfType<string>()
            .ToList();
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [SkippableFact]
    public void Legacy_keys_set_the_bits_the_table_says_and_are_aliases_of_those_features()
    {
        var oracle = LibxlOracle.Require();
        var keys = TextTables.LibxlLegacyKeys();
        var results = oracle.Parse(keys.Select(k => $"host,{k.Key}=1").ToList());
        var db = FeatureDatabase.Default;
        foreach (var ((key, c), json) in keys.Zip(results))
        {
            Assert.Null(Mismatch(FeatureLocation.Cpuid(c.Leaf!.Value, c.Subleaf, c.Register!.Value, c.Bit), json));
            var feature = db.FindByCpuid(c.Leaf!.Value, c.Subleaf ?? 0, c.Register!.Value, c.Bit);
            Assert.NotNull(feature);
            Assert.Same(feature, db.Find(key));
        }
    }

    [SkippableFact]
    public void Value_keys_set_the_field_the_table_says_and_no_feature()
    {
        var oracle = LibxlOracle.Require();
        var keys = TextTables.LibxlKeyTable().Where(k => k.Width > 1).ToList();
        Assert.NotEmpty(keys);
        var results = oracle.Parse(keys.Select(k => $"host,{k.Key}=1").ToList());
        var tables = FeatureDatabase.Default.Xen.LibxlLegacyKeys.ToDictionary(k => k.Key, StringComparer.Ordinal);
        foreach (var ((key, c, width), json) in keys.Zip(results))
        {
            // KEY=1 writes the value 1 into the field: its lowest bit 1, the rest of the field 0, bit 31 first.
            var bits = new string('x', 32).ToCharArray();
            for (var b = c.Bit; b < c.Bit + width; b++)
            {
                bits[31 - b] = b == c.Bit ? '1' : '0';
            }

            var entry = Assert.Single(json["cpuid"]!.AsArray())!.AsObject();
            Assert.Equal(c.Leaf, (uint)entry["leaf"]!);
            var register = (string?)entry[c.Register!.Value.ToString().ToLowerInvariant()];
            if (key is "model" or "family")
            {
                // libxl splits these into the base and extended fields of leaf 1 EAX (its table entry is nominal).
                Assert.Equal('1', register![31 - c.Bit]);
            }
            else
            {
                Assert.Equal(new string(bits), register);
            }

            Assert.Null(tables[key].Bit);
        }
    }

    [SkippableFact]
    public void Clflush_is_the_line_size_field_and_clfsh_the_feature_bit()
    {
        var oracle = LibxlOracle.Require();
        var results = oracle.Parse(["host,clflush=1", "host,clfsh=1"]);
        var clflush = FeatureDatabase.Default.Get("clflush");
        Assert.Equal("clfsh", clflush.Spellings.XenFor(Release));
        Assert.Equal("clfsh", clflush.Spellings.XenFor("4.22.0"));

        // `clflush=1` writes the 8-bit field leaf 1 EBX[15:8] = 00000001 and leaves EDX alone.
        var entry = Assert.Single(results[0]["cpuid"]!.AsArray())!.AsObject();
        Assert.Equal("xxxxxxxxxxxxxxxx00000001xxxxxxxx", (string?)entry["ebx"]);
        Assert.Null(entry["edx"]);
        Assert.Null(Mismatch(clflush.Location, results[1]));
    }

    [SkippableFact]
    public void Xend_form_round_trips_through_the_oracle()
    {
        var oracle = LibxlOracle.Require();
        var results = oracle.Parse(["7,0:ebx=xxxxxxxxxxxxxxxxxxxxxxxxxx1xxxxx", "7,0:eax=1"], xend: true);
        Assert.Null(Mismatch(FeatureDatabase.Default.Get("avx2").Location, results[0]));
        Assert.Equal(5, (int?)results[1]["error"]);
    }

    /// <summary>Null when the JSON sets exactly the bit at <paramref name="at"/> to 1 and nothing else; else why not.</summary>
    private static string? Mismatch(FeatureLocation at, JsonObject json)
    {
        if (json["error"] is { } error)
        {
            return $"libxl rejected it (error {error})";
        }

        var cpuid = json["cpuid"]!.AsArray();
        var msr = json["msr"]?.AsArray() ?? [];
        if (at.Msr is { } index)
        {
            if (cpuid.Count != 0 || msr.Count != 1)
            {
                return $"expected one MSR entry, got {json.ToJsonString()}";
            }

            var expected = new string('x', 64).ToCharArray();
            expected[63 - at.Bit] = '1';
            var entry = msr[0]!;
            return (uint)entry["index"]! == index && (string?)entry["policy"] == new string(expected)
                ? null
                : $"expected MSR {index:x} bit {at.Bit}, got {json.ToJsonString()}";
        }

        if (msr.Count != 0 || cpuid.Count != 1)
        {
            return $"expected one CPUID entry, got {json.ToJsonString()}";
        }

        var leaf = cpuid[0]!.AsObject();
        var register = at.Register!.Value.ToString().ToLowerInvariant();
        var bits = new string('x', 32).ToCharArray();
        bits[31 - at.Bit] = '1';
        var registers = leaf.Where(p => p.Key is "eax" or "ebx" or "ecx" or "edx").ToList();
        var subleafOk = at.Subleaf is { } sub ? (uint?)leaf["subleaf"] == sub : leaf["subleaf"] is null;
        return (uint)leaf["leaf"]! == at.Leaf && subleafOk && registers.Count == 1 && registers[0].Key == register
            && (string?)registers[0].Value == new string(bits)
            ? null
            : $"expected {at}, got {json.ToJsonString()}";
    }
}

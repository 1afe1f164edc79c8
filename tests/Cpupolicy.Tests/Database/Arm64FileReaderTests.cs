using System.Text;
using System.Text.Json;
using Cpupolicy.Core.Database.Schema;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Database;

/// <summary>
/// <see cref="Arm64FileReader"/> (the hook's fast path) reads Data/aarch64.json exactly as System.Text.Json's
/// deserializer of the schema records does, and refuses a file that lacks a member the generator always writes.
/// </summary>
public sealed class Arm64FileReaderTests
{
    private static readonly string DataFile = Path.Combine(RepoData.RepoRoot, "compiler", "Cpupolicy.Core", "Database", "Data", "aarch64.json");

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = false };

    [Fact]
    public void The_reader_gives_what_the_deserializer_gives_on_the_shipped_file()
    {
        var bytes = File.ReadAllBytes(DataFile);
        var expected = JsonSerializer.Deserialize<Arm64File>(bytes, Options)!;
        var actual = Arm64FileReader.Read(new MemoryStream(bytes));

        // Records with lists compare by reference: compare what each serializes to, member by member.
        Assert.Equal(JsonSerializer.Serialize(expected, Options), JsonSerializer.Serialize(actual, Options));
        Assert.NotEmpty(actual.Features);
        Assert.Contains(actual.Features, f => f.When.Count > 1);
        Assert.Contains(actual.Implementers, i => i.Libvirt is not null);
    }

    [Fact]
    public void A_file_without_a_member_the_generator_writes_is_refused()
    {
        var text = File.ReadAllText(DataFile).Replace("\"encoding\":", "\"encodingx\":", StringComparison.Ordinal);
        Assert.Throws<KeyNotFoundException>(() => Arm64FileReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(text))));
    }
}

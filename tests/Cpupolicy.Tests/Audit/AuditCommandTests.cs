using System.Text.Json;
using Cpupolicy.Compiler.Audit;
using Cpupolicy.Tests.Cli;

namespace Cpupolicy.Tests.Audit;

/// <summary>
/// <c>cpupolicy audit</c> end to end on hand-made binaries: the JSON shape of the CLI spec, per-file errors that do not
/// stop the other files, the profile verdict (exit 3 only for a declared requirement), and directory walking.
/// </summary>
public sealed class AuditCommandTests : IDisposable
{
    private const string Policy = """
        # x86-64-v2 and -v4 as profiles (the psABI lists neither lm nor the prerequisites a profile must carry).
        profile v2 = model(x86-64-v2) + {lm, pae}
        profile v4 = model(x86-64-v4) + {lm, pae, xsave}
        """;

    private readonly string dir = Directory.CreateTempSubdirectory("cpupolicy-audit-cli-").FullName;

    /// <summary>AVX2 code in a file that declares x86-64-v3 (ISA_1_NEEDED baseline|v2|v3).</summary>
    private string DeclaresV3 => Write("declares-v3.o", new ElfBuilder().Code(".text", ElfBuilder.Avx2Code)
        .Note(".note.gnu.property", ElfBuilder.GnuPropertyNote(true, (GnuPropertyReader.IsaNeeded, 0x7))).Build());

    /// <summary>AVX2 code in a file that declares nothing (as if behind a CPUID check).</summary>
    private string ContainsAvx2 => Write("contains-avx2.o", new ElfBuilder().Code(".text", ElfBuilder.Avx2Code).Build());

    private string PolicyFile => WriteText("policy.cpupolicy", Policy);

    [Fact]
    public void Json_follows_the_cli_spec_shape()
    {
        var r = CliRunner.Run("audit", "--json", DeclaresV3);
        Assert.Equal(0, r.ExitCode);
        var file = Assert.Single(r.Json.GetProperty("files").EnumerateArray());

        Assert.Equal(DeclaresV3, file.GetProperty("path").GetString());
        Assert.Equal(JsonValueKind.Null, file.GetProperty("error").ValueKind);
        Assert.Equal("x86-64-v3", file.GetProperty("isa_level").GetString());
        Assert.Contains(file.GetProperty("declared").EnumerateArray(), f => f.GetProperty("name").GetString() == "fma");
        var avx2 = Assert.Single(file.GetProperty("features").EnumerateArray());
        Assert.Equal("avx2", avx2.GetProperty("name").GetString());
        Assert.Equal(7, avx2.GetProperty("leaf").GetInt32());
        Assert.Equal(0, avx2.GetProperty("subleaf").GetInt32());
        Assert.Equal("ebx", avx2.GetProperty("register").GetString());
        Assert.Equal(5, avx2.GetProperty("bit").GetInt32());
        Assert.Equal("avx2", avx2.GetProperty("names").GetProperty("qemu").GetString());
        Assert.Equal(1, avx2.GetProperty("count").GetInt64());
        Assert.Equal("0x0", avx2.GetProperty("first_address").GetString());
        Assert.False(file.TryGetProperty("missing", out _));
    }

    [Fact]
    public void A_bad_file_gets_its_error_and_the_others_are_still_audited()
    {
        var text = WriteText("notes.txt", "not a binary");
        var r = CliRunner.Run("audit", "--json", text, ContainsAvx2, Path.Combine(dir, "absent"));

        Assert.Equal(1, r.ExitCode);
        var files = r.Json.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal(3, files.Count);
        Assert.Contains("ELF magic", files[0].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("CP0701", files[0].GetProperty("error_code").GetString());
        Assert.Equal(JsonValueKind.Null, files[1].GetProperty("error").ValueKind);
        Assert.Equal("avx2", files[1].GetProperty("features")[0].GetProperty("name").GetString());
        Assert.Equal("CP0002", files[2].GetProperty("error_code").GetString());
        Assert.Contains("error CP0701", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_declared_requirement_the_profile_lacks_is_exit_3()
    {
        var r = CliRunner.Run("audit", "--json", DeclaresV3, "--policy", PolicyFile, "--profile", "v2");

        Assert.Equal(3, r.ExitCode);
        Assert.False(r.Json.GetProperty("compatible").GetBoolean());
        var file = r.Json.GetProperty("files")[0];
        var missing = file.GetProperty("missing").EnumerateArray().Select(f => f.GetProperty("name").GetString()).ToList();
        Assert.Contains("avx2", missing);
        Assert.Contains("fma", missing);

        // OSXSAVE is the kernel's to set once XSAVE is there; v2 lacks XSAVE, so it is missing too.
        Assert.Contains("osxsave", missing);
        Assert.Empty(file.GetProperty("lacking").EnumerateArray());
        Assert.Contains("error CP0707", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_profile_with_the_declared_level_is_compatible_and_osxsave_comes_with_xsave()
    {
        var r = CliRunner.Run("audit", "--json", DeclaresV3, "--policy", PolicyFile, "--profile", "v4");

        Assert.Equal(0, r.ExitCode);
        Assert.Empty(r.Json.GetProperty("files")[0].GetProperty("missing").EnumerateArray());
        Assert.True(r.Json.GetProperty("compatible").GetBoolean());
    }

    [Fact]
    public void Contained_but_undeclared_features_are_a_warning_and_exit_0()
    {
        var r = CliRunner.Run("audit", ContainsAvx2, "--policy", PolicyFile, "--profile", "v2");

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("warning CP0708", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("CPUID check", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("lacking in profile `v2`", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("│ avx2", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Policy_and_profile_go_together_and_the_profile_must_exist()
    {
        Assert.Equal(2, CliRunner.Run("audit", ContainsAvx2, "--policy", PolicyFile).ExitCode);
        Assert.Equal(2, CliRunner.Run("audit", ContainsAvx2, "--profile", "v2").ExitCode);

        var unknown = CliRunner.Run("audit", ContainsAvx2, "--policy", PolicyFile, "--profile", "v3");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("CP0706", unknown.Stderr, StringComparison.Ordinal);
        Assert.Contains("v2, v4", unknown.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_policy_with_errors_is_reported_and_nothing_is_audited()
    {
        var broken = WriteText("broken.cpupolicy", "profile p = model(x86-64-v2) + {no-such-feature}\n");
        var r = CliRunner.Run("audit", ContainsAvx2, "--policy", broken, "--profile", "p");

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("no-such-feature", r.Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, r.Stdout);
    }

    [Fact]
    public void A_directory_is_walked_for_elf_files_once_each_whatever_the_links()
    {
        var tree = Path.Combine(dir, "tree");
        var sub = Directory.CreateDirectory(Path.Combine(tree, "sub")).FullName;
        var elf = new ElfBuilder().Code(".text", ElfBuilder.Avx2Code).Build();
        File.WriteAllBytes(Path.Combine(tree, "libfoo.so.1"), elf);
        File.WriteAllBytes(Path.Combine(sub, "tool"), elf);
        File.WriteAllText(Path.Combine(tree, "README"), "text files are skipped in a directory");
        File.CreateSymbolicLink(Path.Combine(tree, "libfoo.so"), "libfoo.so.1");
        Directory.CreateSymbolicLink(Path.Combine(sub, "loop"), "..");
        Directory.CreateSymbolicLink(Path.Combine(tree, "again"), "sub");
        File.CreateSymbolicLink(Path.Combine(tree, "dangling"), "nowhere");

        var r = CliRunner.Run("audit", "--json", tree);

        Assert.Equal(0, r.ExitCode);
        var paths = r.Json.GetProperty("files").EnumerateArray().Select(f => Path.GetRelativePath(tree, f.GetProperty("path").GetString()!)).ToList();
        Assert.Equal(2, paths.Count);
        Assert.Contains("libfoo.so.1", paths);
        Assert.Single(paths, p => p.EndsWith("tool", StringComparison.Ordinal));
    }

    [Fact]
    public void Standard_input_and_special_files_are_refused_per_file()
    {
        var r = CliRunner.Run("audit", "--json", "-", "/dev/null", ContainsAvx2);

        Assert.Equal(1, r.ExitCode);
        var files = r.Json.GetProperty("files");
        Assert.Equal("CP0704", files[0].GetProperty("error_code").GetString());
        Assert.Equal("CP0704", files[1].GetProperty("error_code").GetString());
        Assert.Equal(JsonValueKind.Null, files[2].GetProperty("error").ValueKind);
    }

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private string Write(string name, byte[] data)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllBytes(path, data);
        return path;
    }

    private string WriteText(string name, string text)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        return path;
    }
}

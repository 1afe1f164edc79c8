using Cpupolicy.Compiler.Probe;
using Cpupolicy.Tests.Cli;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Probe;

/// <summary>`cpupolicy probe` around the boot: usage errors, a -cpu QEMU refuses, and writing the image.</summary>
[Collection(ProbeCollection.Name)]
public class ProbeCommandTests
{
    // Options separated by `|` (attribute arguments cannot be string arrays built from expressions).
    [Theory]
    [InlineData("")]
    [InlineData("--profile|safe")]
    [InlineData("--qemu-cpu|Haswell-v4|--libvirt")]
    [InlineData("--qemu-cpu|Haswell-v4|--libvirt-uri|qemu:///system")]
    [InlineData("--qemu-cpu|Haswell-v4|--timeout|0")]
    [InlineData("--qemu-cpu|-cpu A\n-cpu B")]
    [InlineData("--save|x.txt")]
    [InlineData("--arch|aarch64")]
    [InlineData("--arch|aarch64|--policy|p.cpupolicy")]
    [InlineData("--arch|aarch64|--policy|p.cpupolicy|--profile|p|--expect|host.json")]
    [InlineData("--arch|aarch64|--libvirt-uri|qemu:///system|--qemu-cpu|max")]
    [InlineData("--arch|aarch64|--qemu-cpu|max|--libvirt")]
    [InlineData("--arch|aarch64|--expect|host.json")]
    [InlineData("--arch|aarch64|--qemu-cpu|max|--timeout|0")]
    [InlineData("--arch|riscv64|--qemu-cpu|max")]
    [InlineData("--qemu-cpu|Haswell-v4|--expect|host.json")]
    public void Contradictory_or_missing_options_are_usage_errors(string options)
    {
        var r = CliRunner.Run(["probe", .. options.Split('|', StringSplitOptions.RemoveEmptyEntries)]);
        Assert.Equal(2, r.ExitCode);
        Assert.Empty(r.Stdout);
    }

    [SkippableFact]
    public void A_cpu_value_qemu_refuses_is_an_input_error_with_qemus_message()
    {
        Peers.RequireQemu();
        var r = CliRunner.Run("probe", "--accel", "tcg", "--qemu-cpu", "Nosuch-v9");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("CP0903", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("Nosuch-v9", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_image_alone_writes_the_aarch64_guest_with_arch_aarch64()
    {
        var file = Path.Combine(Path.GetTempPath(), $"cpupolicy-probe-{Guid.NewGuid():N}.img");
        try
        {
            var r = CliRunner.Run("probe", "--arch", "aarch64", "--write-image", file);
            Assert.Equal(0, r.ExitCode);
            Assert.Equal(Cpupolicy.Compiler.Probe.Arm64.Arm64ProbeImage.Default.Bytes.ToArray(), File.ReadAllBytes(file));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Write_image_alone_writes_the_guest_and_boots_nothing()
    {
        var file = Path.Combine(Path.GetTempPath(), $"cpupolicy-probe-{Guid.NewGuid():N}.elf");
        try
        {
            var r = CliRunner.Run("probe", "--write-image", file);
            Assert.Equal(0, r.ExitCode);
            Assert.Equal(ProbeImageBuilder.Default.Bytes.ToArray(), File.ReadAllBytes(file));
        }
        finally
        {
            File.Delete(file);
        }
    }
}

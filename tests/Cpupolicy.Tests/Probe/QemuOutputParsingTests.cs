using Cpupolicy.Core.Database;
using Cpupolicy.Compiler.Probe;

namespace Cpupolicy.Tests.Probe;

/// <summary>What the probe reads from QEMU: its warnings about dropped features, and -cpu values from artifacts and command lines.</summary>
public class QemuOutputParsingTests
{
    private static FeatureDatabase Db => FeatureDatabase.Default;

    [Fact]
    public void Dropped_feature_warnings_are_read_by_name_and_by_location()
    {
        const string stderr = """
            qemu-system-x86_64: warning: TCG doesn't support requested feature: CPUID.01H:ECX.pcid [bit 17]
            qemu-system-x86_64: warning: host doesn't support requested feature: CPUID.0DH:EAX.xsaveopt [bit 0]
            qemu-system-x86_64: warning: TCG doesn't support requested feature: CPUID.07H:EAX.avx-vnni [bit 4]
            qemu-system-x86_64: warning: TCG doesn't support requested feature: CPUID.01H:ECX.sse4.2 [bit 20]
            qemu-system-x86_64: warning: TCG doesn't support requested feature: MSR(10AH).rdctl-no [bit 0]
            qemu-system-x86_64: warning: TCG doesn't support requested feature: CPUID.07H:EBX [bit 4]
            qemu-system-x86_64: warning: TCG doesn't support requested feature: CPUID.4000000AH:EAX.made-up [bit 3]
            qemu-system-x86_64: warning: This feature depends on other features that were not requested: CPUID.8000000AH:EDX.npt [bit 0]
            qemu-system-x86_64: -cpu Haswell-v4: some other message
            """;
        var report = QemuDroppedFeatures.Parse(stderr, Db);
        Assert.Equal(Db.SetOf("pcid", "xsaveopt", "avx-vnni", "sse4.2", "rdctl-no", "hle"), report.Dropped);
        Assert.Equal(Db.SetOf("npt"), report.ForDependencies);
        Assert.Equal(Db.Get("avx-vnni").Location.Subleaf, 1u); // QEMU prints 07H for subleaf 1: the name decides
        var unknown = Assert.Single(report.Unrecognised);
        Assert.Contains("made-up", unknown, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-cpu Haswell-v4,+pcid,enforce\n", "Haswell-v4,+pcid")]
    [InlineData("# a comment\n-cpu 'Haswell-v4,-avx2'\n", "Haswell-v4,-avx2")]
    [InlineData("EPYC-v3,enforce=on,+sse4a", "EPYC-v3,+sse4a")]
    [InlineData("qemu64", "qemu64")]
    public void A_qemu_artifact_gives_its_cpu_value_without_enforce(string artifact, string expected) =>
        Assert.Equal(expected, QemuCpuValue.FromArtifact(artifact));

    [Fact]
    public void An_artifact_of_several_lines_is_refused() =>
        Assert.Throws<ArgumentException>(() => QemuCpuValue.FromArtifact("-cpu Haswell-v4\n-cpu IvyBridge-v1\n"));

    [Fact]
    public void Libvirts_command_line_gives_its_cpu_value()
    {
        const string argv = """
            LC_ALL=C \
            PATH=/usr/bin \
            /usr/bin/qemu-system-x86_64 \
            -name guest=cpupolicy-probe,debug-threads=on \
            -machine pc-i440fx-7.2,usb=off,dump-guest-core=off \
            -accel tcg \
            -cpu 'Haswell-noTSX,abm=on,sse4.1=on' \
            -m 32
            """;
        Assert.Equal("Haswell-noTSX,abm=on,sse4.1=on", QemuCpuValue.FromCommandLine(argv));
        Assert.Null(QemuCpuValue.FromCommandLine("/usr/bin/qemu-system-x86_64 -m 32"));
    }
}

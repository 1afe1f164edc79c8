namespace Cpupolicy.Generator;

/// <summary>Where the generator reads its sources from.</summary>
public sealed record GeneratorOptions
{
    /// <summary>
    /// The repository's <c>data/</c> folder: Xen's featuresets (<c>xen/</c>), libvirt's cpu_map and CPU dumps
    /// (<c>libvirt-&lt;release&gt;/</c>). Its READMEs say where each source came from.
    /// </summary>
    public required string DataPath { get; init; }

    /// <summary>QEMU 7.2's system emulator (name on PATH or absolute path).</summary>
    public string Qemu { get; init; } = "qemu-system-x86_64";

    /// <summary>
    /// Linux's <c>arch/x86/include/asm</c> folder holding cpufeatures.h and cpufeature.h; null = the newest
    /// <c>/usr/src/linux-headers-*-common</c>.
    /// </summary>
    public string? LinuxAsmPath { get; init; }

    /// <summary>Progress and warnings; null = silent.</summary>
    public TextWriter? Log { get; init; }
}

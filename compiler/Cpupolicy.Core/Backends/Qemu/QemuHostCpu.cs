namespace Cpupolicy.Core.Backends.Qemu;

/// <summary>
/// A <c>-cpu host</c> or <c>-cpu max</c> that either architecture's QEMU could take: it has no property only aarch64
/// has (<see cref="QemuBackend.IsArm64Artifact"/>), so it is the CPU of whichever host it runs on, x86 or aarch64.
/// <see cref="X86Only"/> is its first item that only x86's QEMU takes (<c>+avx2</c>, <c>vendor=</c>, ...): an aarch64
/// host's QEMU refuses the line. Read by <see cref="QemuBackend.HostCpuOfEitherArch"/>.
/// </summary>
public sealed record QemuHostCpu(string Model, IReadOnlyList<(string Key, string Value, int Column)> Items, int Line)
{
    /// <summary>The first item only x86's QEMU takes, as written (<c>+avx2</c>, <c>vendor=GenuineIntel</c>), with its column; or null.</summary>
    public (string Token, int Column)? X86Only { get; init; }
}

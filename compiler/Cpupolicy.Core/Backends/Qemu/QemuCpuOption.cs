namespace Cpupolicy.Core.Backends.Qemu;

/// <summary>
/// A <c>-cpu</c> argument taken apart: the model, and the feature switches in QEMU's three kinds, each in order.
/// QEMU applies <c>feat=on|off</c> first (as global properties, the last one winning), then every <c>+feat</c>,
/// then every <c>-feat</c> (research libvirt-qemu.md §4.1): so <c>-feat</c> beats <c>+feat</c> beats <c>feat=on</c>.
/// </summary>
public sealed record QemuCpuOption(
    string Model,
    IReadOnlyList<(string Name, bool On)> Properties,
    IReadOnlyList<string> Plus,
    IReadOnlyList<string> Minus);

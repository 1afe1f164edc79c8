using Cpupolicy.Core.Database.Schema;

namespace Cpupolicy.Generator.Sources;

/// <summary>
/// A libvirt CPU model with its <c>&lt;model name='Parent'/&gt;</c> ancestry already applied (libvirt's
/// x86ModelParseAncestor: the parent's features, removed features, vendor and signatures are copied, then the
/// model's own elements add features or replace vendor/signatures).
/// </summary>
public sealed record LibvirtModel(
    string Name,
    int Order,
    string? Vendor,
    string? Parent,
    IReadOnlyList<string> Features,
    IReadOnlyList<string> Removed,
    bool DecodeHost,
    bool DecodeGuest,
    IReadOnlyList<SignatureRecord> Signatures);

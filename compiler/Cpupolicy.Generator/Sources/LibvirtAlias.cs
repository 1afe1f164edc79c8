namespace Cpupolicy.Generator.Sources;

/// <summary>An <c>&lt;alias name source/&gt;</c>: another vocabulary's spelling ("qemu" or "linux").</summary>
public sealed record LibvirtAlias(string Name, string Source);

namespace Cpupolicy.Hooks;

/// <summary>What an apply computed: the VM's name (null when the file names none), its profile and the edited bytes.</summary>
public sealed record ApplyResult(string? Name, ProfileMatch Match, byte[] Bytes, bool Changed);

namespace Cpupolicy.Core.Bundle;

/// <summary>
/// How the hooks act on a VM that breaks its profile (<c>enforce</c> refuses, <c>advise</c> logs) and on input they
/// cannot judge (<c>allow</c> or <c>refuse</c>). Stored in the bundle; the environment overrides both at hook time.
/// </summary>
public sealed record HookSettings(string Mode = "enforce", string OnError = "allow")
{
    public static readonly IReadOnlyList<string> Modes = ["enforce", "advise"];

    public static readonly IReadOnlyList<string> OnErrorValues = ["allow", "refuse"];
}

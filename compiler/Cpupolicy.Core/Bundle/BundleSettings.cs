namespace Cpupolicy.Core.Bundle;

/// <summary>The hook settings stored at compile time (<see cref="HookSettings"/>); the environment overrides both.</summary>
public sealed record BundleSettings(string? Mode, string? OnError);

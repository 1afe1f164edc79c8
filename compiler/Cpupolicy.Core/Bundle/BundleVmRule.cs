namespace Cpupolicy.Core.Bundle;

/// <summary>A <c>vm "GLOB" uses PROFILE</c> line of the policy, in the bundle's order (first match wins).</summary>
public sealed record BundleVmRule(string Glob, string Profile);

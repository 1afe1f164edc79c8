using Cpupolicy.Core.Bundle;
namespace Cpupolicy.Hooks;

/// <summary>The profile a VM gets and why (<c>metadata</c>, <c>vm "GLOB"</c>, <c>default</c> or <c>--profile</c>), for the log line.</summary>
public sealed record ProfileMatch(BundleProfile Profile, string Reason);

using Cpupolicy.Core.Database;

namespace Cpupolicy.Core.Backends;

/// <summary>Features a backend cannot control, all for one reason (one entry of <c>uncontrollable.yaml</c>).</summary>
public sealed record UncontrollableGroup(string Reason, FeatureSet Features);

using Cpupolicy.Core.Database;

namespace Cpupolicy.Compiler.PolicyTests;

/// <summary>
/// One assertion's result. <see cref="Reasons"/> say why it failed, one line each; <see cref="Features"/> are the
/// features at fault (missing on a host, absent from or present in a profile, gained or lost), shown in every
/// backend's spelling.
/// </summary>
public sealed record PolicyTestOutcome(PolicyAssertion Assertion, bool Passed, IReadOnlyList<string> Reasons, IReadOnlyList<FeatureDefinition> Features);

using Cpupolicy.Core.Database;

namespace Cpupolicy.Compiler.Analyses;

/// <summary>A candidate model for a host: the host's features beyond it, and whether its signature names the host's CPU.</summary>
public sealed record HostReportChoice(CpuModel Model, FeatureSet Extra, bool SignatureMatches);

using Cpupolicy.Core.Database;
using Iced.Intel;

namespace Cpupolicy.Compiler.Audit;

/// <summary>One row of <c>iced-cpuid-features.tsv</c>: an Iced CPUID feature, what it means here, and why.</summary>
public sealed record IcedFeatureMapping(CpuidFeature Feature, IcedMappingKind Kind, FeatureSet Features, string Reason);

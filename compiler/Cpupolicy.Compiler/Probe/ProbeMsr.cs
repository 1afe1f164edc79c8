using Cpupolicy.Core.Database;

namespace Cpupolicy.Compiler.Probe;

/// <summary>
/// An MSR the probe reads, and the CPUID bit that says the MSR exists. The probe has no interrupt table, so a
/// <c>#GP</c> from reading an absent MSR would triple-fault the guest: every RDMSR runs only when its guard bit is set.
/// </summary>
public sealed record ProbeMsr(uint Index, FeatureDefinition Guard);

namespace Cpupolicy.Compiler.Analyses;

/// <summary>One step of a fleet change, in the order to carry it out.</summary>
public sealed record PlanStep(int Number, string Action, string Description, IReadOnlyList<string> Hosts, IReadOnlyList<string?> Globs);

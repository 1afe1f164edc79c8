using Cpupolicy.Core.Database;

namespace Cpupolicy.Compiler.Audit;

/// <summary>
/// A database feature that a binary's code needs: how many decoded instructions need it, and where the first one is
/// (in file order; in an object file addresses start at 0 in every section, so the section is named too).
/// </summary>
public sealed record FeatureUse(FeatureDefinition Feature, long Count, ulong FirstAddress, string FirstSection);

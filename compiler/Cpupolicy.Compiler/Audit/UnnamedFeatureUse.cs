namespace Cpupolicy.Compiler.Audit;

/// <summary>
/// A CPU feature that code needs but the database cannot name (<c>?</c> in the mapping file, e.g. PTWRITE), under
/// Iced's name: reported so that no instruction goes unseen, though no profile can offer or withhold it.
/// </summary>
public sealed record UnnamedFeatureUse(string IcedName, long Count, ulong FirstAddress, string FirstSection);

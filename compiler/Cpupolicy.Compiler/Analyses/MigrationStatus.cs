namespace Cpupolicy.Compiler.Analyses;

/// <summary>The three answers of <c>migrate</c>.</summary>
public enum MigrationStatus
{
    Compatible,
    Incompatible,

    /// <summary>Nothing the description fixes blocks the move, but features it leaves to the boot host might: name it with <c>--from</c>.</summary>
    DependsOnBootHost,
}

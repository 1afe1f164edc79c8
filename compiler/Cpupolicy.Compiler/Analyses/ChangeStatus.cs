namespace Cpupolicy.Compiler.Analyses;

/// <summary>How a profile or VM rule differs between two snapshots.</summary>
public enum ChangeStatus
{
    Unchanged,
    Changed,
    Added,
    Removed,
}

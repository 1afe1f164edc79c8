namespace Cpupolicy.Tests.Docs;

/// <summary>
/// Tests that change the process's current directory and environment (to run documented commands in-process
/// from a scratch repository root). xunit runs this collection alone, after the parallel ones.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WorkingDirectoryCollection
{
    public const string Name = "process working directory";
}

namespace Cpupolicy.Compiler.PolicyTests;

/// <summary>The keys of a test entry (docs/cli.md, "cpupolicy test"): one place for the reader and its messages.</summary>
public static class PolicyTestKeys
{
    public const string Name = "name";
    public const string Vms = "vms";
    public const string MigrateToPool = "migrate-to-pool";
    public const string MigrateTo = "migrate-to";
    public const string Expect = "expect";
    public const string Profile = "profile";
    public const string Keeps = "keeps";
    public const string Lacks = "lacks";
    public const string AddHost = "add-host";
    public const string AddHostName = "add-host-name";
    public const string IntoPool = "into-pool";
    public const string Unchanged = "unchanged";

    public static readonly IReadOnlyList<string> All =
        [Name, Vms, MigrateToPool, MigrateTo, Expect, Profile, Keeps, Lacks, AddHost, AddHostName, IntoPool, Unchanged];
}

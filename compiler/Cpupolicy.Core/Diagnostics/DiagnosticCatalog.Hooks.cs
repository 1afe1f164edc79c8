namespace Cpupolicy.Core.Diagnostics;

// CP06xx: hooks (compiler/Cpupolicy.Hooks/) and `cpupolicy apply`. A hook turns each of these into ONE
// log line and then the configured mode: a profile violation follows CPUPOLICY_MODE (enforce/advise), everything
// else follows CPUPOLICY_ON_ERROR (allow/refuse). `apply` prints them as ordinary diagnostics and exits 1.
// CP0625 (aarch64 fragment the hook could not judge) is retired: the hook now checks and merges the fragment (CP0626).
public static partial class DiagnosticCatalog
{
    /// <summary>The bundle file the hook was pointed at does not exist or cannot be read.</summary>
    public static readonly DiagnosticDescriptor BundleMissing = new("CP0601", Severity.Error, "hook bundle missing");

    /// <summary>The bundle is not a cpupolicy bundle.json of a version this release reads.</summary>
    public static readonly DiagnosticDescriptor BundleCorrupt = new("CP0602", Severity.Error, "hook bundle corrupt");

    /// <summary>No `vm` glob matches the VM and the policy has no `default` profile.</summary>
    public static readonly DiagnosticDescriptor VmUnknown = new("CP0603", Severity.Error, "VM has no profile");

    /// <summary>A profile named by the VM's metadata or by `--profile` that the bundle does not have.</summary>
    public static readonly DiagnosticDescriptor ProfileNotInBundle = new("CP0604", Severity.Error, "profile not in the bundle");

    /// <summary>The domain XML is not well-formed, has a DTD, or is not a single `domain` document.</summary>
    public static readonly DiagnosticDescriptor DomainXmlRejected = new("CP0605", Severity.Error, "domain XML rejected");

    /// <summary>Standard input larger than the hook's cap, or not complete within its time bound.</summary>
    public static readonly DiagnosticDescriptor HookInputUnbounded = new("CP0606", Severity.Error, "hook input too large or too slow");

    /// <summary>The VM's CPU differs from its profile (enforce refuses, advise logs).</summary>
    public static readonly DiagnosticDescriptor CpuBreaksProfile = new("CP0607", Severity.Error, "VM CPU breaks its profile");

    /// <summary>The bundle was compiled without the target this hook needs (e.g. no `libvirt` artifact).</summary>
    public static readonly DiagnosticDescriptor ProfileLacksArtifact = new("CP0608", Severity.Error, "profile has no artifact for this hypervisor");

    /// <summary>The VM's CPU definition cannot be judged (a model or feature this release does not know).</summary>
    public static readonly DiagnosticDescriptor VmCpuUnreadable = new("CP0609", Severity.Error, "VM CPU cannot be read");

    /// <summary>`xe` failed, timed out or printed something that is not what xe prints.</summary>
    public static readonly DiagnosticDescriptor XeFailed = new("CP0610", Severity.Error, "xe command failed");

    /// <summary>An xl domain config that cannot be edited safely (syntax error, no `name`).</summary>
    public static readonly DiagnosticDescriptor XlConfigRejected = new("CP0611", Severity.Error, "xl config cannot be edited");

    /// <summary>CPUPOLICY_MODE or CPUPOLICY_ON_ERROR has a value the hooks do not know.</summary>
    public static readonly DiagnosticDescriptor HookSettingInvalid = new("CP0612", Severity.Error, "bad hook setting");

    // CP0620-CP0639: trust. The hooks run as root, so they act only on files that only root can change (sshd's
    // StrictModes): compiler/Cpupolicy.Hooks/FileTrust.cs, docs/security.md.

    /// <summary>The bundle, or a folder or link on its path, can be changed by a user other than root (or the invoking user).</summary>
    public static readonly DiagnosticDescriptor BundleUntrusted = new("CP0620", Severity.Error, "hook bundle not trusted");

    /// <summary>A VM config to edit in place whose folders (or the file itself) others can change.</summary>
    public static readonly DiagnosticDescriptor VmConfigUntrusted = new("CP0621", Severity.Error, "VM config not trusted");

    /// <summary>`hook check`: the hook file is not where the hypervisor reads it, or is not cpupolicy's launcher.</summary>
    public static readonly DiagnosticDescriptor HookNotInstalled = new("CP0622", Severity.Error, "hook not installed");

    /// <summary>`hook check`: the installed hook, or the program it runs, is not executable or can be changed by others.</summary>
    public static readonly DiagnosticDescriptor HookFileUntrusted = new("CP0623", Severity.Error, "installed hook not trusted or not runnable");

    /// <summary>`hook check`: the bundle's format version is not the one the installed hook reads.</summary>
    public static readonly DiagnosticDescriptor BundleVersionMismatch = new("CP0624", Severity.Error, "bundle version not the hook's");

    /// <summary>
    /// libvirt hook and <c>apply libvirt</c>: the profile's aarch64 fragment (<c>&lt;cpu&gt;</c>, <c>&lt;features&gt;&lt;pmu&gt;</c>,
    /// <c>&lt;qemu:commandline&gt;</c> <c>-global</c> arguments) cannot be merged into this domain so that it gives the profile:
    /// the domain is not aarch64, or after the merge something the hook does not write still sets the CPU.
    /// </summary>
    public static readonly DiagnosticDescriptor HookCannotMergeFragment = new("CP0626", Severity.Error, "aarch64 fragment cannot be merged into the domain");
}

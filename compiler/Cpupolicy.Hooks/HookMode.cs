namespace Cpupolicy.Hooks;

/// <summary>What a hook does with a VM whose CPU breaks its profile.</summary>
public enum HookMode
{
    /// <summary>Refuse the start (libvirt: non-zero exit; XAPI: veto with exit 2); rewrite on migrate/restore.</summary>
    Enforce,

    /// <summary>Log what enforce would have done and let the VM start unchanged.</summary>
    Advise,
}

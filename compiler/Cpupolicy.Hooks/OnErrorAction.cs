namespace Cpupolicy.Hooks;

/// <summary>
/// What a hook does when it cannot judge a VM at all: malformed or hostile input, an unknown VM, a missing or
/// corrupt bundle. <c>allow</c> (fail-open, the default) keeps a broken policy from stopping every VM on the host.
/// </summary>
public enum OnErrorAction
{
    Allow,
    Refuse,
}

namespace Cpupolicy.Hooks;

/// <summary>
/// The exit codes hooks return. libvirt refuses on any non-zero code, so the libvirt hook uses the CLI's meanings
/// (1 input it cannot judge, 3 an incompatible verdict). XAPI's are fixed by xenopsd (research xen.md §5.4): 0 ok,
/// 1 "log stdout and continue", anything else vetoes the operation.
/// </summary>
public static class HookExitCodes
{
    public const int Allow = 0;
    public const int LibvirtRefuseError = 1;
    public const int LibvirtRefuseViolation = 3;
    public const int XapiWarn = 1;
    public const int XapiVeto = 2;
}

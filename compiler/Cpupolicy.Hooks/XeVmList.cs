using Cpupolicy.Core.Backends.Xapi;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Hooks;

/// <summary>
/// Parses what <c>xe vm-list params=uuid,name-label</c> prints: one record per VM (<see cref="XeRecords"/>). The non-minimal form is used because <c>--minimal</c> prints
/// only the first field of each record and would lose the names.
/// </summary>
public static class XeVmList
{
    public static readonly IReadOnlyList<string> HaltedVmsArguments =
        ["vm-list", "power-state=halted", "is-control-domain=false", "is-a-snapshot=false", "is-a-template=false", "params=uuid,name-label"];

    public static IReadOnlyList<XapiVm> Parse(string output) =>
        XeRecords.Parse(output, line => XeClient.Failed($"`xe vm-list` printed a line that is not `NAME ( RO): VALUE`: `{HookText.Clean(line, 120)}`", null))
            .Where(r => r.ContainsKey("uuid"))
            .Select(r => new XapiVm(r["uuid"], r.GetValueOrDefault("name-label") ?? string.Empty))
            .ToList();
}

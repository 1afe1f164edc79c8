using System.Diagnostics;

namespace Cpupolicy.Tests.Hooks;

/// <summary>The running daemon of <see cref="HookedLibvirtDaemon"/>: its private home folder and its process.</summary>
internal sealed record HookedDaemonProcess(string Home, Process Process);

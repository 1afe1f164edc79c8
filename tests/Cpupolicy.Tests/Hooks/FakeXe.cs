using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Hooks;

/// <summary>
/// The stand-in <c>xe</c> (<c>tests/Cpupolicy.Tests/Hooks/fake-xe</c>, which replays real xe output formats) set up
/// for one test: its own state folder of VMs, and a small launcher that points the script at it, so that
/// <c>CPUPOLICY_XE</c> is the only setting a hook needs and parallel tests never share state.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")] // hooks and their files are Unix-only
public sealed class FakeXe
{
    public FakeXe(string dir, params (string Uuid, string Name, string Power, string? Featureset)[] vms)
    {
        State = Path.Combine(dir, "xe-state");
        Directory.CreateDirectory(State);
        File.WriteAllLines(Path.Combine(State, "vms"), vms.Select(v => $"{v.Uuid}|{v.Name}|{v.Power}|{v.Featureset}"));
        File.WriteAllText(Path.Combine(State, "calls"), string.Empty);
        Program = Path.Combine(dir, "xe");
        File.WriteAllText(Program, $"#!/bin/sh\nFAKE_XE_STATE='{State}' exec '{Script}' \"$@\"\n");
        File.SetUnixFileMode(Program, (UnixFileMode)0b111_101_101);
    }

    /// <summary>The replaying script in the source tree.</summary>
    public static string Script => Path.Combine(RepoData.RepoRoot, "tests", "Cpupolicy.Tests", "Hooks", "fake-xe");

    public string State { get; }

    public string Program { get; }

    /// <summary>Every xe invocation so far, one line of arguments each.</summary>
    public IReadOnlyList<string> Calls => File.ReadAllLines(Path.Combine(State, "calls"));

    /// <summary>A VM's platform:featureset now (empty: the key is absent).</summary>
    public string Featureset(string uuid) =>
        File.ReadAllLines(Path.Combine(State, "vms")).Select(l => l.Split('|')).Single(f => f[0] == uuid)[3];

    /// <summary>Makes every later call fail (<c>hang</c>: never return; <c>fail</c>: xapi down).</summary>
    public void Break(string how)
    {
        var variable = how == "hang" ? "FAKE_XE_HANG=1" : "FAKE_XE_FAIL=1";
        File.WriteAllText(Program, $"#!/bin/sh\n{variable} FAKE_XE_STATE='{State}' exec '{Script}' \"$@\"\n");
    }
}

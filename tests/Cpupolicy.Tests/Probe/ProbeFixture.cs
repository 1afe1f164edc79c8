using System.Collections.Concurrent;
using System.Globalization;
using Cpupolicy.Compiler.Probe;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Probe;

/// <summary>
/// Shared by every test that boots the probe: one image, built once; one boot per distinct -cpu value, reused (the
/// libvirt comparison and the inventory round trip read the qemu artifacts' boots again); and the time of every
/// boot, which the tests print (the wall-clock budget lives in bench/probe/, not in an assertion).
/// </summary>
public sealed class ProbeFixture
{
    private readonly ConcurrentDictionary<string, ProbeObservation> byCpu = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string What, TimeSpan Elapsed)> boots = new();

    public ProbeImage Image { get; } = ProbeImageBuilder.Default;

    /// <summary>
    /// TCG, whatever the machine offers: QEMU's emulator gives the same guest on every host, so the expectations (what
    /// TCG drops, which added feature shows) hold in CI and on a laptop alike. The CLI's default is `auto`.
    /// </summary>
    public static ProbeRunOptions Options { get; } = ProbeRunOptions.Default with { Accelerator = ProbeAccelerator.Tcg };

    /// <summary>
    /// Boots one -cpu value, or returns the earlier boot of the same value (two profiles, or a profile's qemu and
    /// libvirt artifacts, can come to the same -cpu). QEMU required: skips outside CI when it is missing.
    /// </summary>
    public ProbeObservation Boot(string what, string cpu)
    {
        Peers.RequireQemu();
        return byCpu.GetOrAdd(cpu, _ =>
        {
            var observation = Prober.Observe(cpu, Options, Image);
            Record($"{what}, {observation.Run.Accelerator}", observation.Run.Elapsed);
            return observation;
        });
    }

    /// <summary>The observation of a profile's qemu artifact, booted on first use.</summary>
    public ProbeObservation QemuArtifact(ProbeTarget target) =>
        Boot($"{target.Profile.Name} (qemu)", QemuCpuValue.FromArtifact(target.Artifact));

    public void Record(string what, TimeSpan elapsed) => boots.Enqueue((what, elapsed));

    /// <summary>One line per boot so far, and the slowest; for the test output.</summary>
    public string Timings()
    {
        var all = boots.ToList();
        if (all.Count == 0)
        {
            return "no probe boots";
        }

        var lines = all.Select(b => $"  {b.Elapsed.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture),5} ms  {b.What}");
        var max = all.Max(b => b.Elapsed).TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture);
        return $"probe boots ({all.Count}, slowest {max} ms):\n" + string.Join('\n', lines);
    }
}

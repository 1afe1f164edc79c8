using System.Text;
using System.Xml.Linq;
using Cpupolicy.Core.Backends.Libvirt;
using Cpupolicy.Hooks;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Cpupolicy.Tests.Hooks;

/// <summary>
/// The laws of the libvirt hook's aarch64 merge, on <see cref="Cases"/> generated domains
/// (<see cref="Arm64DomainGenerators"/>), through the real hook on the Kunpeng example's bundle (openEuler SYSREG
/// fragments; <c>hpc-*</c> VMs get <c>hip09</c>, which has no SYSREG arguments):
/// <list type="table">
/// <item><term>given</term><description>migrate writes a domain, and the start gate accepts it as the profile's</description></item>
/// <item><term>closed</term><description>merging the output again changes no byte</description></item>
/// <item><term>kept</term><description>every child, feature and argument the merge does not own is in the output with its
/// bytes, in order (the generator's record, not the scanner's, is the oracle)</description></item>
/// <item><term>exact</term><description>the output's CPU arguments are the fragment's, in its order, and no other
/// argument's value changed</description></item>
/// </list>
/// </summary>
public sealed class Arm64FragmentMergeProperties : IDisposable
{
    private const int Cases = 500;

    private readonly HookSandbox sandbox = new(Arm64HookPolicy.Bundle());

    public void Dispose() => sandbox.Dispose();

    [Property(MaxTest = Cases)]
    public Property The_merge_gives_the_profile_keeps_everything_else_and_is_closed() =>
        Prop.ForAll(Arm64DomainGenerators.Arbitrary, domain =>
        {
            var outcome = sandbox.Libvirt(domain.Name, "migrate", new MemoryStream(domain.Bytes));
            Assert.True(outcome.Output is not null && outcome.Level == HookLogLevel.Info, $"{outcome.Line}\n---\n{domain.Text}");
            var output = Encoding.UTF8.GetString(outcome.Output!);

            var gate = sandbox.Libvirt(domain.Name, "prepare", output);
            Assert.True(gate.ExitCode == HookExitCodes.Allow && gate.Level == HookLogLevel.Info, $"{gate.Line}\n---\n{output}");

            var again = sandbox.Libvirt(domain.Name, "migrate", output);
            Assert.True(again.Output is not null && again.Output.AsSpan().SequenceEqual(outcome.Output), $"a second merge changed the output\n---\n{output}");

            var at = 0;
            foreach (var kept in domain.Kept)
            {
                var found = output.IndexOf(kept, at, StringComparison.Ordinal);
                Assert.True(found >= 0, $"`{kept}` is gone or out of order\n---\n{domain.Text}\n---\n{output}");
                at = found + kept.Length;
            }

            XNamespace q = Arm64LibvirtCpu.QemuNamespace;
            var profile = domain.Name.StartsWith("hpc-", StringComparison.Ordinal) ? "hip09" : "kunpeng-min";
            var wanted = XDocument.Parse(Arm64HookPolicy.Fragment(profile)).Root!.Elements(q + "commandline").Elements(q + "arg").Select(a => (string)a.Attribute("value")!).ToList();
            var args = XDocument.Parse(output).Root!.Elements(q + "commandline").Elements(q + "arg").Select(a => (string)a.Attribute("value")!).ToList();
            var cpuArgs = new List<string>();
            for (var i = 0; i + 1 < args.Count; i++)
            {
                if (args[i] is "-cpu" or "--cpu" || (args[i] is "-global" or "--global" && Arm64LibvirtCpu.SetsCpu(args[i + 1])))
                {
                    cpuArgs.Add(args[i]);
                    cpuArgs.Add(args[++i]);
                }
            }

            Assert.Equal(wanted, cpuArgs);
        });

    [Fact]
    public void The_generator_makes_every_shape_often()
    {
        // FsCheck's Sample takes (count, seed, size): Cases documents of size 20, the seed fixed so that this is not flaky.
        var sample = Gen.Sample(Arm64DomainGenerators.Arbitrary.Generator, Cases, new Rnd(20261203UL), 20).Select(d => d.Text).ToList();
        Assert.Contains(sample, d => !d.Contains("<features", StringComparison.Ordinal));
        Assert.Contains(sample, d => d.Contains("<features/>", StringComparison.Ordinal));
        Assert.Contains(sample, d => d.Contains("<pmu state='off'/><pmu state='on'/>", StringComparison.Ordinal));
        Assert.Contains(sample, d => !d.Contains("<cpu", StringComparison.Ordinal));
        Assert.Contains(sample, d => d.Contains("<qemu:commandline/>", StringComparison.Ordinal));
        Assert.Contains(sample, d => d.Contains("<q:commandline>", StringComparison.Ordinal));
        Assert.Contains(sample, d => d.Contains("<commandline xmlns=", StringComparison.Ordinal));
        Assert.Contains(sample, d => d.Contains("driver=host-arm-cpu", StringComparison.Ordinal) && d.Contains("-set", StringComparison.Ordinal));
        Assert.Contains(sample, d => d.Contains("\r\n", StringComparison.Ordinal));
        Assert.Contains(sample, d => !d.Contains('\n', StringComparison.Ordinal));
        Assert.Contains(sample, d => d.Contains("<name>hpc-", StringComparison.Ordinal));
    }
}

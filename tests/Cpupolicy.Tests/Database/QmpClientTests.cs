using System.Text.Json.Nodes;
using Cpupolicy.Compiler.Peers.Qemu;
using Cpupolicy.Generator.Sources;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Database;

/// <summary>The QMP client against a real QEMU: replies, error replies, and a QEMU that dies mid-command.</summary>
public sealed class QmpClientTests
{
    [SkippableFact]
    public void Commands_return_their_value_and_errors_carry_qemus_class()
    {
        var qemu = Peers.RequireQemu();
        using var qmp = QmpClient.Start(qemu, QemuSource.ExpansionArguments);
        Assert.Equal(7, qmp.Version.Major);
        Assert.NotEmpty(qmp.Execute("query-cpu-definitions")!.AsArray());

        var e = Assert.Throws<QmpException>(() => qmp.Execute("no-such-command"));
        Assert.Equal("CommandNotFound", e.ErrorClass);
        Assert.False(e.ProcessGone);

        // The client stays usable after an error reply.
        var expansion = QemuSource.StaticExpansion(qmp, "base", new JsonObject { ["sse4-1"] = true });
        Assert.Equal(["sse4.1"], QemuSource.EnabledFlags(expansion));
    }

    [SkippableFact]
    public void A_qemu_that_has_exited_is_reported_as_gone()
    {
        var qemu = Peers.RequireQemu();
        using var qmp = QmpClient.Start(qemu, QemuSource.ExpansionArguments);
        qmp.Execute("quit");
        var e = Assert.Throws<QmpException>(() => qmp.Execute("query-status"));
        Assert.True(e.ProcessGone);
    }
}

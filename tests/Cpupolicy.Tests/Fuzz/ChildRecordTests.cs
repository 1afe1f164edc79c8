using System.Text;
using Cpupolicy.Tests.Fuzz.Harness;

namespace Cpupolicy.Tests.Fuzz;

/// <summary>
/// The record the AFL++ children keep (fuzz/sharpfuzz.sh triages every crash from it): it must tell an input that
/// threw from one a child died running and from one that only followed a kill. Each "child" here is a
/// <see cref="ChildRecord"/> opened in turn; ending one without <see cref="ChildRecord.End"/> is how a killed child
/// leaves its page.
/// </summary>
public sealed class ChildRecordTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("cpupolicy-child-record-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void An_input_that_threw_is_kept_with_its_exception()
    {
        var input = Bytes("throws");
        using (var child = ChildRecord.Start(dir))
        {
            child.Begin(input);
            child.Thrown(input, new InvalidOperationException("the property failed"));
            child.End();
        }

        Assert.Equal(input, File.ReadAllBytes(Path.Combine(dir, "thrown", CrashStore.Hash(input))));
        Assert.StartsWith("it threw under AFL++: System.InvalidOperationException: the property failed", ChildRecord.Explain(dir, input), StringComparison.Ordinal);
    }

    [Fact]
    public void The_next_child_keeps_the_input_its_predecessor_died_running()
    {
        var fatal = Bytes("a stack overflow, say");
        using (var child = ChildRecord.Start(dir))
        {
            child.Begin(Bytes("passes"));
            child.End();
            child.Begin(fatal);
        }

        using (ChildRecord.Start(dir))
        {
        }

        Assert.Equal(fatal, File.ReadAllBytes(Path.Combine(dir, "died", CrashStore.Hash(fatal))));
        Assert.StartsWith("the child died running it", ChildRecord.Explain(dir, fatal), StringComparison.Ordinal);
        var log = File.ReadAllLines(Path.Combine(dir, "children.log"));
        Assert.Equal(2, log.Length);
        Assert.Contains("previous child: none (first child of this run)", log[0], StringComparison.Ordinal);
        Assert.Contains("died running its run 2", log[1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_kill_between_inputs_blames_no_input()
    {
        using (var child = ChildRecord.Start(dir))
        {
            child.Begin(Bytes("answered late"));
            child.End();
        }

        using (ChildRecord.Start(dir))
        {
        }

        Assert.False(Directory.Exists(Path.Combine(dir, "died")));
        Assert.Contains("killed while not running an input, after 1 runs", File.ReadAllLines(Path.Combine(dir, "children.log"))[1], StringComparison.Ordinal);
        Assert.StartsWith("nothing recorded for it", ChildRecord.Explain(dir, Bytes("sent next, saved as a crash")), StringComparison.Ordinal);
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
}

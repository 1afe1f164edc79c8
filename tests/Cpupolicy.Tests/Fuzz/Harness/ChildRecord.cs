using System.Globalization;
using System.IO.MemoryMappedFiles;
using System.Text;

namespace Cpupolicy.Tests.Fuzz.Harness;

/// <summary>
/// What the AFL++ child saw, kept in the folder <c>fuzz/sharpfuzz.sh</c> names in <see cref="Variable"/>
/// (<c>fuzz/.afl/TARGET/record/</c>). SharpFuzz's out-of-process server answers AFL++ with the same status 2 (saved
/// as <c>sig:02</c>) for three different things: the harness threw; the child died while running the input; the
/// child was already dead when the input was sent (AFL++ kills the child it timed out even when the child answered
/// a moment too late, and SharpFuzz's server, which ignores AFL++'s "previous run was killed" word, only notices on
/// the next input). Only the first two are the input's doing. The record tells them apart:
/// <list type="bullet">
/// <item><c>thrown/HASH</c> and <c>HASH.txt</c>: an input and the exception it threw, written before SharpFuzz sees it;</item>
/// <item><c>inflight</c>: a memory-mapped page holding the input the child is running and whether it finished (a
/// copy in memory per run, no file write; the kernel keeps the page when the child is killed);</item>
/// <item><c>died/HASH</c> and <c>HASH.txt</c>: what a new child found there, when its predecessor died running an input;</item>
/// <item><c>children.log</c>: one line per child started, saying how its predecessor ended.</item>
/// </list>
/// </summary>
public sealed class ChildRecord : IDisposable
{
    /// <summary>The environment variable naming the record folder; unset, nothing is recorded.</summary>
    public const string Variable = "CPUPOLICY_SHARPFUZZ_RECORD";

    // The in-flight page: state, pid, runs of that child, input length, input bytes (AFL++ sends at most 1 MiB).
    private const int StateAt = 0;
    private const int PidAt = 4;
    private const int RunsAt = 8;
    private const int LengthAt = 16;
    private const int InputAt = 20;
    private const int MaxInput = 1024 * 1024;
    private const int Writing = 0;
    private const int Running = 1;
    private const int Finished = 2;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly string dir;
    private readonly MemoryMappedFile map;
    private readonly MemoryMappedViewAccessor page;
    private long runs;

    private ChildRecord(string dir, MemoryMappedFile map, MemoryMappedViewAccessor page)
    {
        this.dir = dir;
        this.map = map;
        this.page = page;
    }

    /// <summary>Opens the record of a new child, first writing down how the previous child ended.</summary>
    public static ChildRecord Start(string dir)
    {
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "inflight");
        var existed = File.Exists(path) && new FileInfo(path).Length >= InputAt + MaxInput;
        var map = MemoryMappedFile.CreateFromFile(path, FileMode.OpenOrCreate, null, InputAt + MaxInput);
        var record = new ChildRecord(dir, map, map.CreateViewAccessor());
        var previous = existed ? record.Predecessor() : "none (first child of this run)";
        File.AppendAllText(
            Path.Combine(dir, "children.log"),
            $"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} child {Environment.ProcessId} started; previous child: {previous}\n",
            Utf8);
        return record;
    }

    /// <summary>Marks <paramref name="input"/> as the one running.</summary>
    public void Begin(byte[] input)
    {
        var length = Math.Min(input.Length, MaxInput);
        page.Write(StateAt, Writing);
        page.Write(PidAt, Environment.ProcessId);
        page.Write(RunsAt, ++runs);
        page.Write(LengthAt, length);
        page.WriteArray(InputAt, input, 0, length);
        page.Write(StateAt, Running);
    }

    /// <summary>Marks the running input as done (it passed or threw; either way the child lives on).</summary>
    public void End() => page.Write(StateAt, Finished);

    /// <summary>Keeps an input that threw, with the exception, before SharpFuzz turns it into status 2.</summary>
    public void Thrown(byte[] input, Exception error) =>
        Save("thrown", input, $"threw in child {Environment.ProcessId} (its run {runs}) under AFL++:\n{error}");

    /// <summary>What the record says about an input AFL++ saved as a crash.</summary>
    public static string Explain(string dir, byte[] input)
    {
        var hash = CrashStore.Hash(input);
        var thrown = Path.Combine(dir, "thrown", hash + ".txt");
        if (File.Exists(thrown))
        {
            return "it threw under AFL++: " + File.ReadLines(thrown).Skip(1).FirstOrDefault();
        }

        var died = Path.Combine(dir, "died", hash + ".txt");
        if (File.Exists(died))
        {
            return "the child died running it: " + File.ReadLines(died).FirstOrDefault();
        }

        return "nothing recorded for it: it did not throw and no child died running it, so what failed was a child " +
            "that was not running it (killed by AFL++ between inputs, or a new child still starting; see children.log)";
    }

    public void Dispose()
    {
        page.Dispose();
        map.Dispose();
    }

    /// <summary>How the previous child ended, read from the page it left; saves the input it died on.</summary>
    private string Predecessor()
    {
        var state = page.ReadInt32(StateAt);
        var pid = page.ReadInt32(PidAt);
        var count = page.ReadInt64(RunsAt);
        switch (state)
        {
            case Running:
                var input = new byte[Math.Clamp(page.ReadInt32(LengthAt), 0, MaxInput)];
                page.ReadArray(InputAt, input, 0, input.Length);
                var saved = Save("died", input, $"child {pid} died running its run {count} (a stack overflow, an out-of-memory kill, or AFL++'s timeout kill)");
                return $"{pid} died running its run {count}, input saved as {saved}";
            case Finished:
                // Only AFL++'s timeout kill ends a child that is not running an input: either the child had not yet
                // picked up the input it was sent (waiting for a core) or it answered just after the deadline. In the
                // second case SharpFuzz's server learns of the death only when it sends the next input, and reports
                // that input as a crash.
                return $"{pid} was killed while not running an input, after {count.ToString(CultureInfo.InvariantCulture)} runs " +
                    "(AFL++'s timeout kill, before the child picked up its input or after it answered late; in the second case the next input is reported as a crash it did not cause)";
            default:
                return $"{pid} died while its run {count} was being copied in";
        }
    }

    private string Save(string kind, byte[] input, string description)
    {
        var folder = Path.Combine(dir, kind);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, CrashStore.Hash(input));
        File.WriteAllBytes(path, input);
        File.WriteAllText(path + ".txt", description + "\n", Utf8);
        return path;
    }
}

using System.Text;

namespace Cpupolicy.Tests.Fuzz.Harness;

/// <summary>
/// One fuzz target: an input path of cpupolicy and the property that must hold for every input. The runner feeds it
/// seeds, FsCheck-generated inputs and mutations of both; <see cref="Execute"/> either returns an outcome signature
/// (used to keep inputs that reach a new outcome) or throws: <see cref="FuzzPropertyException"/> when the property
/// fails, anything else when the code under test threw what it must not.
/// </summary>
public abstract class FuzzTarget
{
    /// <summary>The header of a crash file that records a generator failure rather than an input.</summary>
    public const string GeneratedHeader = "#fuzz-generate seed=";

    public abstract string Name { get; }

    /// <summary>The code under test, as a path or type name.</summary>
    public abstract string Component { get; }

    /// <summary>What must hold for every input, in one sentence (the README's table is made of these).</summary>
    public abstract string Property { get; }

    /// <summary>Dictionary tokens from the format's grammar, spliced in by the token mutations.</summary>
    public virtual IReadOnlyList<string> Tokens => [];

    /// <summary>The tokens as bytes (UTF-8; binary formats override this to keep each char one byte).</summary>
    public virtual IReadOnlyList<byte[]> TokenBytes => Tokens.Select(Encoding.UTF8.GetBytes).ToList();

    /// <summary>Mutations never grow an input beyond this: bigger inputs only slow the search down.</summary>
    public virtual int MaxInputBytes => 32 * 1024;

    /// <summary>The corpus folder of the format this target reads, when it shares another target's (CLI targets share the library target's).</summary>
    public virtual string CorpusName => Name;

    /// <summary>
    /// Every corpus folder this target replays: the shared one (<see cref="CorpusName"/>) and its own
    /// <c>fuzz/corpus/&lt;target&gt;/</c>, where the inputs AFL++ kept for this very target live (policy-compile's
    /// queue finds compiling policies that policy-parse's never would).
    /// </summary>
    public virtual IReadOnlyList<string> CorpusNames => CorpusName == Name ? [Name] : [CorpusName, Name];

    /// <summary>Seed files read at run time from tests/, policy/examples/ and data/ (never copied into fuzz/).</summary>
    public virtual IEnumerable<string> ExternalSeeds(FuzzPaths paths) => [];

    /// <summary>An input drawn from the target's FsCheck generators (deterministic in <paramref name="seed"/>), or null.</summary>
    public virtual byte[]? Generate(int seed) => null;

    /// <summary>Whether <see cref="Generate"/> produces inputs.</summary>
    public virtual bool HasGenerator => false;

    /// <summary>Runs one input and checks the property; returns a short signature of what happened.</summary>
    public abstract string Execute(byte[] input);

    /// <summary>Replays a saved input: a crash file either holds the input or names the generator seed that made it.</summary>
    public string Replay(byte[] saved)
    {
        var text = Encoding.UTF8.GetString(saved);
        if (text.StartsWith(GeneratedHeader, StringComparison.Ordinal))
        {
            var seed = int.Parse(text[GeneratedHeader.Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            return Execute(Generate(seed) ?? throw new InvalidOperationException($"{Name} has no generator"));
        }

        return Execute(saved);
    }

    /// <summary>Input bytes as the string APIs see them (invalid UTF-8 becomes U+FFFD, as a lenient reader would).</summary>
    protected static string Text(byte[] input) => Encoding.UTF8.GetString(input);

    protected static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    protected static FuzzPropertyException Violation(string message) => new(message);
}

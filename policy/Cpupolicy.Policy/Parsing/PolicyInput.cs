using System.Runtime.CompilerServices;
using Sprache;

namespace Cpupolicy.Policy.Parsing;

/// <summary>
/// The cursor Sprache parsers run on. Sprache's own <c>Input</c> allocates a memo dictionary for every character
/// it advances over; this grammar never memoises (it does not use <c>Parse.Ref</c>), so the dictionary is created
/// only if some parser asks for it. Same positions and line/column counting as Sprache's input.
/// </summary>
internal sealed class PolicyInput : IInput
{
    private readonly string source;
    private Dictionary<object, object>? memos;

    public PolicyInput(string source)
        : this(source, 0, 1, 1)
    {
    }

    private PolicyInput(string source, int position, int line, int column)
    {
        this.source = source;
        Position = position;
        Line = line;
        Column = column;
    }

    public string Source => source;

    public char Current => source[Position];

    public bool AtEnd => Position == source.Length;

    public int Position { get; }

    public int Line { get; }

    public int Column { get; }

    public IDictionary<object, object> Memos => memos ??= [];

    public IInput Advance()
    {
        if (AtEnd)
        {
            throw new InvalidOperationException("the input is already at its end");
        }

        var newline = source[Position] == '\n';
        return new PolicyInput(source, Position + 1, newline ? Line + 1 : Line, newline ? 1 : Column + 1);
    }

    public bool Equals(IInput? other) =>
        other is not null && Position == other.Position && (ReferenceEquals(source, other.Source) || string.Equals(source, other.Source, StringComparison.Ordinal));

    public override bool Equals(object? obj) => Equals(obj as IInput);

    public override int GetHashCode() => HashCode.Combine(RuntimeHelpers.GetHashCode(source), Position);

    public override string ToString() => $"line {Line}, column {Column}";
}

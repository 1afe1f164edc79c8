using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Policy.Formatting;
using Cpupolicy.Policy.Parsing;
using Cpupolicy.Policy.Syntax;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Cpupolicy.Tests.Policy;

/// <summary>
/// The laws of the syntax stage, each checked on at least <see cref="Cases"/> generated cases:
/// <list type="table">
/// <item><term>print then parse</term><description>parse(print(tree)) = tree, up to spans</description></item>
/// <item><term>messy then format</term><description>format(untidy rendering of tree) = print(tree)</description></item>
/// <item><term>idempotence</term><description>format(format(x)) = format(x)</description></item>
/// <item><term>comments kept</term><description>every comment of the text is in the tree and in the formatted text</description></item>
/// <item><term>never throws</term><description>random text and mutated policies give a tree or coded diagnostics, never an exception or CP0001</description></item>
/// </list>
/// </summary>
public class SyntaxProperties
{
    private const int Cases = 1000;

    [Property(MaxTest = Cases)]
    public Property Printing_then_parsing_gives_back_the_tree() =>
        Prop.ForAll(PolicyGenerators.PolicyArbitrary, tree =>
        {
            var printed = PolicyFormatter.Print(tree);
            var reparsed = ParseOrFail(printed);
            Assert.Equal(tree, SpanEraser.Erase(reparsed));
        });

    [Property(MaxTest = Cases)]
    public Property Formatting_an_untidy_rendering_gives_the_canonical_print() =>
        Prop.ForAll(PolicyGenerators.PolicyArbitrary, ArbMap.Default.ArbFor<int>(), (tree, seed) =>
        {
            var messy = MessyPrinter.Print(tree, seed);
            Assert.Equal(tree, SpanEraser.Erase(ParseOrFail(messy)));
            var formatted = PolicyFormatter.Format(messy, "messy.cpupolicy");
            Assert.Equal(PolicyFormatter.Print(tree), formatted.Text);
        });

    [Property(MaxTest = Cases)]
    public Property Formatting_is_idempotent_and_keeps_every_comment() =>
        Prop.ForAll(PolicyGenerators.PolicyArbitrary, ArbMap.Default.ArbFor<int>(), (tree, seed) =>
        {
            var messy = MessyPrinter.Print(tree, seed);
            var once = PolicyFormatter.Format(messy, "f").Text!;
            var twice = PolicyFormatter.Format(once, "f");
            Assert.Equal(once, twice.Text);
            Assert.False(twice.Changed);
            Assert.Equal(LexicalComments(messy), LexicalComments(once));
            Assert.Equal(LexicalComments(messy), TreeComments(ParseOrFail(messy)));
        });

    [Property(MaxTest = Cases)]
    public Property Random_text_never_makes_the_parser_throw() =>
        Prop.ForAll(RandomText.ToArbitrary(), CheckParserContract);

    [Property(MaxTest = Cases)]
    public Property Mutated_policies_never_make_the_parser_throw() =>
        Prop.ForAll(MutatedPolicy.ToArbitrary(), CheckParserContract);

    /// <summary>
    /// What must hold for any input: no exception, no internal error, every span inside the text with the line and
    /// column of its offset, well-written messages; and for input that parses, the formatter's laws.
    /// </summary>
    private static void CheckParserContract(string text)
    {
        var result = PolicyParser.Parse(text, "fuzz.cpupolicy");
        Assert.DoesNotContain(result.Diagnostics, d => d.Code == DiagnosticCatalog.InternalError.Code);
        Assert.Equal(result.Tree is null, result.Diagnostics.Count > 0);
        foreach (var diagnostic in result.Diagnostics)
        {
            SyntaxDiagnosticTests.AssertLineAndColumnMatchOffset(text, diagnostic.Span);
            SyntaxDiagnosticTests.AssertWellWritten(diagnostic);
        }

        if (result.Tree is { } tree)
        {
            var formatted = PolicyFormatter.Print(tree);
            Assert.Equal(SpanEraser.Erase(tree), SpanEraser.Erase(ParseOrFail(formatted)));
            Assert.Equal(formatted, PolicyFormatter.Format(formatted, "f").Text);
            Assert.Equal(LexicalComments(text), TreeComments(tree));
            Assert.Equal(LexicalComments(text).Order(StringComparer.Ordinal), LexicalComments(formatted).Order(StringComparer.Ordinal));
        }
    }

    private static PolicySyntax ParseOrFail(string text)
    {
        var result = PolicyParser.Parse(text, "p.cpupolicy");
        Assert.True(result.Tree is not null, "did not parse:\n" + text + "\n" + string.Join('\n', result.Diagnostics));
        return result.Tree!;
    }

    /// <summary>Characters that matter to the lexer, weighted so random text often looks almost like a policy.</summary>
    private static Gen<string> RandomText { get; } =
        Gen.Frequency(
                (6, Gen.Elements("host ", "pool ", "profile ", "vm ", "default ", "uses ", "target ", "include ", "from ", "is ", "require ", "forbid ",
                    "vendor ", "intel", "amd", "model(", "baseline(", "hera", "avx512-vnni", "sse4.1", "x86-64-v3", "a-b", " - ", " + ", "&", "=")),
                (6, Gen.Elements('{', '}', '(', ')', ',', ';', '=', '-', '+', '&', '#', '"', '\\', '\n', '\n', ' ', ' ', '\t', '\r').Select(c => c.ToString())),
                (2, Gen.Elements('a', 'z', '_', '.', '0', '9', 'Q').Select(c => c.ToString())),
                (1, Gen.Elements('@', '*', '\'', '\0', '\u00e9', '\u4e3b', '\uFEFF', '\u00a0', '\u2028', '\uD83D').Select(c => c.ToString())))
            .ArrayOf()
            .Select(string.Concat);

    /// <summary>A valid policy (an example file, the spec's example, or a printed random tree) with a few edits.</summary>
    private static Gen<string> MutatedPolicy { get; } =
        from source in Gen.Frequency(
            (1, Gen.Elements(ValidCorpus())),
            (2, PolicyGenerators.Policy.Select(PolicyFormatter.Print)))
        from count in Gen.Choose(1, 4)
        from seed in Gen.Choose(0, int.MaxValue)
        select Mutate(source, count, new Random(seed));

    private static string[] ValidCorpus()
    {
        var examples = Path.Combine(Infrastructure.RepoData.RepoRoot, "policy", "examples");
        var files = Directory.Exists(examples) ? Directory.GetFiles(examples, "*.cpupolicy").Select(File.ReadAllText) : [];
        return [ParserTests.SpecExample, .. files];
    }

    private static readonly string[] Snippets =
    [
        "{", "}", "(", ")", ",", ";", "=", "-", " - ", "+", "&", "\"", "\\", "#", "\n", "\r\n", " ", "\t", "host", "profile", "require",
        "vendor", "a-b", "model(", "baseline(", "é", "\0", "{}", "()", ",\n", "# c\n",
    ];

    private static string Mutate(string text, int count, Random random)
    {
        for (var k = 0; k < count; k++)
        {
            var at = random.Next(text.Length + 1);
            switch (random.Next(5))
            {
                case 0:
                    text = text.Remove(at, Math.Min(random.Next(1, 12), text.Length - at));
                    break;
                case 1:
                    text = text.Insert(at, Snippets[random.Next(Snippets.Length)]);
                    break;
                case 2:
                    var length = Math.Min(random.Next(1, 40), text.Length - at);
                    text = text.Insert(random.Next(text.Length + 1), text.Substring(at, length));
                    break;
                case 3:
                    var lines = text.Split('\n');
                    var (i, j) = (random.Next(lines.Length), random.Next(lines.Length));
                    (lines[i], lines[j]) = (lines[j], lines[i]);
                    text = string.Join('\n', lines);
                    break;
                default:
                    if (at < text.Length)
                    {
                        text = text.Remove(at, 1).Insert(at, Snippets[random.Next(Snippets.Length)][..1]);
                    }

                    break;
            }
        }

        return text;
    }

    /// <summary>The comments of a text found by a plain scan (string-aware), in order, trailing blanks trimmed.</summary>
    internal static List<string> LexicalComments(string text)
    {
        var comments = new List<string>();
        foreach (var line in text.Split('\n'))
        {
            var inString = false;
            for (var i = 0; i < line.Length; i++)
            {
                if (inString && line[i] == '\\')
                {
                    i++;
                }
                else if (line[i] == '"')
                {
                    inString = !inString;
                }
                else if (line[i] == '#' && !inString)
                {
                    comments.Add(line[i..].TrimEnd(' ', '\t', '\r'));
                    break;
                }
            }
        }

        return comments;
    }

    /// <summary>Every comment held by a tree, in text order.</summary>
    internal static List<string> TreeComments(PolicySyntax tree)
    {
        var comments = new List<CommentSyntax>();
        foreach (var statement in tree.Statements)
        {
            comments.AddRange(statement.Trivia.Leading.Select(l => l.Comment));
            AddTrailing(statement.Trivia.Trailing);
            switch (statement)
            {
                case PoolStatementSyntax s:
                    AddNames(s.Members);
                    break;
                case ProfileStatementSyntax s:
                    AddExpression(s.Expression);
                    if (s.Constraints is { } constraints)
                    {
                        AddBlock(constraints, c => AddNames(c switch
                        {
                            RequireConstraintSyntax r => r.Features,
                            ForbidConstraintSyntax f => f.Features,
                            _ => [],
                        }));
                    }

                    break;
                case TargetStatementSyntax s when s.Options is { } options:
                    AddBlock(options, _ => { });
                    break;
            }
        }

        comments.AddRange(tree.EndComments.Select(l => l.Comment));

        // Comments sit at distinct offsets, so sorting by offset puts them back in text order.
        return comments.OrderBy(c => c.Span.Offset).Select(c => c.Text).ToList();

        void AddTrailing(CommentSyntax? comment)
        {
            if (comment is not null)
            {
                comments.Add(comment);
            }
        }

        void AddNames(SyntaxList<NameSyntax> names)
        {
            foreach (var continuation in names.Select(n => n.Continuation).OfType<ContinuationTrivia>())
            {
                AddTrailing(continuation.EndOfLineComment);
                comments.AddRange(continuation.CommentLines);
            }
        }

        void AddExpression(ExpressionSyntax expression)
        {
            switch (expression)
            {
                case BinaryExpressionSyntax e:
                    AddExpression(e.Left);
                    AddExpression(e.Right);
                    break;
                case ParenthesizedExpressionSyntax e:
                    AddExpression(e.Inner);
                    break;
                case FeatureSetExpressionSyntax e:
                    AddNames(e.Features);
                    break;
                case BaselineExpressionSyntax e:
                    AddNames(e.Sources);
                    break;
            }
        }

        void AddBlock<T>(BlockSyntax<T> block, Action<T> addEntry)
            where T : BlockEntrySyntax
        {
            AddTrailing(block.OpenComment);
            foreach (var entry in block.Entries)
            {
                comments.AddRange(entry.Trivia.Leading.Select(l => l.Comment));
                addEntry(entry);
                AddTrailing(entry.Trivia.Trailing);
            }

            comments.AddRange(block.ClosingComments.Select(l => l.Comment));
        }
    }
}

namespace Cpupolicy.Policy.Parsing;

/// <summary>
/// The names the grammar gives to what it expected when it fails (Sprache's "expectations"). They are the whole
/// vocabulary between the grammar and <see cref="SyntaxErrorReporter"/>: the reporter chooses a diagnostic by
/// these names, so every failure of the grammar carries only names from this class. They read as English because
/// generic messages quote them ("expected a host name, found `=`").
/// </summary>
internal static class Expectations
{
    public const string Statement = "a statement";
    public const string Constraint = "a constraint";
    public const string Vendor = "a vendor";
    public const string FieldLevel = "a field level";
    public const string Function = "a function";
    public const string EqualsSign = "`=`";
    public const string ClosingQuote = "a closing quote";
    public const string Escape = "an escape";
    public const string UnclosedParenthesis = "a matching `)`";
    public const string UnclosedBrace = "a matching `}`";
    public const string SpacedMinus = "spaces around `-`";
    public const string TooDeep = "less nesting";
    public const string Expression = "a feature set";
    public const string EndOfLine = "the end of the line";
    public const string EntrySeparator = "`;` or a new line";
    public const string CommaOrCloseBrace = "`,` or `}`";
    public const string CommaOrCloseParenthesis = "`,` or `)`";
    public const string CloseParenthesis = "`)`";
    public const string CloseParenthesisOrOperator = "`)` or an operator";

    public const string HostName = "a host name";
    public const string PoolName = "a pool name";
    public const string ProfileName = "a profile name";
    public const string ModelName = "a model name";
    public const string BackendName = "a backend name";
    public const string MemberName = "a host or pool name";
    public const string FeatureName = "a feature name";
    public const string OptionName = "an option name";
    public const string OptionValue = "an option value";

    public const string Path = "a quoted path";
    public const string Glob = "a quoted VM name pattern";

    /// <summary>The expectation of a parser that wants exactly the keyword <paramref name="keyword"/>.</summary>
    public static string Keyword(string keyword) => $"`{keyword}`";

    /// <summary>Expectations that ask for a name (the reporter makes them "name expected" or "keyword used as a name").</summary>
    public static readonly IReadOnlySet<string> Names = new HashSet<string>(StringComparer.Ordinal)
    {
        HostName, PoolName, ProfileName, ModelName, BackendName, MemberName, FeatureName, OptionName, OptionValue,
    };

    public static readonly IReadOnlySet<string> Strings = new HashSet<string>(StringComparer.Ordinal) { Path, Glob };

    /// <summary>Keywords that a statement needs in the middle (after <c>host NAME</c>, before a profile name).</summary>
    public static readonly IReadOnlySet<string> MidStatementKeywords = new HashSet<string>(StringComparer.Ordinal)
    {
        Keyword("from"), Keyword("is"), Keyword("uses"),
    };
}

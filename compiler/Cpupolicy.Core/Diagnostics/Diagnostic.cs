namespace Cpupolicy.Core.Diagnostics;

/// <summary>
/// One message to the user: a stable code (<c>CPnnnn</c>), where it applies, what is wrong and, where it helps,
/// what to do about it. Rendered as <c>path:line:col: error CP0123: message</c> plus an indented hint line.
/// </summary>
public sealed record Diagnostic(Severity Severity, string Code, string Message, SourceSpan Span, string? Hint = null)
{
    public bool IsError => Severity == Severity.Error;

    public override string ToString()
    {
        var level = Severity == Severity.Error ? "error" : "warning";
        var head = $"{Span}: {level} {Code}: {Message}";
        return Hint is null ? head : $"{head}{Environment.NewLine}  hint: {Hint}";
    }
}

using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Policy.Formatting;

/// <summary>
/// The outcome of formatting one file: the canonical text (null when the file has syntax errors, which are then in
/// <see cref="Diagnostics"/>), and whether it differs from the input (what <c>cpupolicy fmt --check</c> reports).
/// </summary>
public sealed record FormatResult(string? Text, IReadOnlyList<Diagnostic> Diagnostics, bool Changed);

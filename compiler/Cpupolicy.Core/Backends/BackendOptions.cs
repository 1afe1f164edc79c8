using Cpupolicy.Core.Ir;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Core.Backends;

/// <summary>Checks a <c>target</c> block's options against a backend and fills in the defaults.</summary>
public static class BackendOptions
{
    /// <summary>Every problem with the options (unknown keys, bad values), each as a diagnostic at <paramref name="span"/>.</summary>
    public static IReadOnlyList<Diagnostic> Validate(IBackend backend, TargetOptions options, SourceSpan span)
    {
        var problems = new List<Diagnostic>();
        Resolve(backend, options, span, problems);
        return problems;
    }

    /// <summary>The options with defaults filled in; throws the first problem as a <see cref="DiagnosticException"/>.</summary>
    public static IReadOnlyDictionary<string, string> Resolve(IBackend backend, TargetOptions options)
    {
        var problems = new List<Diagnostic>();
        var span = SourceSpan.ForElement("<policy>", $"target {backend.Name}");
        var resolved = Resolve(backend, options, span, problems);
        return problems.Count > 0 ? throw new DiagnosticException(problems[0]) : resolved;
    }

    private static Dictionary<string, string> Resolve(IBackend backend, TargetOptions options, SourceSpan span, List<Diagnostic> problems)
    {
        if (!string.Equals(options.Backend, backend.Name, StringComparison.Ordinal))
        {
            throw new ArgumentException($"options for `{options.Backend}` given to the {backend.Name} backend", nameof(options));
        }

        foreach (var key in options.Values.Keys.Order(StringComparer.Ordinal))
        {
            if (!backend.Options.Any(o => o.Name == key))
            {
                var known = string.Join(", ", backend.Options.Select(o => $"`{o.Name}`"));
                problems.Add(DiagnosticCatalog.TargetOptionUnknown.Create(
                    span,
                    $"target `{backend.Name}` has no option `{key}`",
                    known.Length > 0 ? $"its options are {known}" : $"target `{backend.Name}` takes no options"));
            }
        }

        // Options are resolved in declaration order, so a later option (model) can depend on an earlier one (release).
        var resolved = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var option in backend.Options)
        {
            var value = options.Get(option.Name, option.Default);
            if (!option.Values.Contains(value, StringComparer.Ordinal))
            {
                var hint = option.CheckOther is { } check
                    ? check(value, resolved)
                    : $"use one of {string.Join(", ", option.Values.Select(v => $"`{v}`"))}";
                if (hint is not null)
                {
                    problems.Add(DiagnosticCatalog.TargetOptionBadValue.Create(
                        span, $"target `{backend.Name}`: `{option.Name}` cannot be `{value}`", hint));
                    value = option.Default;
                }
            }

            resolved[option.Name] = value;
        }

        return resolved;
    }
}

namespace Cpupolicy.Tests.Backends;

/// <summary>
/// A <c>-cpu</c> argument as the props of a QMP model expansion: the test's own reading, kept apart from the
/// decoder under test. QEMU's precedence: <c>feat=on|off</c> (last wins), then <c>+feat</c>, then <c>-feat</c>.
/// </summary>
public sealed record CpuArgument(string Model, IReadOnlyDictionary<string, bool> Props)
{
    private static readonly string[] NotFeatures = ["enforce", "check", "vendor", "model-id", "phys-bits", "migratable"];

    public static CpuArgument Parse(string argument)
    {
        var text = argument.Trim();
        if (text.StartsWith("-cpu ", StringComparison.Ordinal))
        {
            text = text[5..].Trim();
        }

        var tokens = text.Trim('\'').Split(',');
        var props = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var t in tokens.Skip(1).Where(t => t[0] is not ('+' or '-')))
        {
            var parts = t.Split('=', 2);
            if (!NotFeatures.Contains(parts[0]))
            {
                props[parts[0].Replace('_', '-')] = parts.Length == 1 || parts[1] == "on";
            }
        }

        foreach (var t in tokens.Where(t => t[0] == '+'))
        {
            props[t[1..]] = true;
        }

        foreach (var t in tokens.Where(t => t[0] == '-'))
        {
            props[t[1..]] = false;
        }

        return new CpuArgument(tokens[0], props);
    }
}

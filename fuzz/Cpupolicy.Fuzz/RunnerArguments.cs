using System.Globalization;

namespace Cpupolicy.Fuzz;

/// <summary>The runner's command line: <c>&lt;target|all|list|replay|promote&gt; [--iterations N] [--seed S] [--time-limit SEC] [--timeout SEC] [--no-save]</c>.</summary>
public sealed record RunnerArguments(string Verb, IReadOnlyList<string> Operands, int Iterations, int Seed, TimeSpan? TimeLimit, TimeSpan Timeout, bool Save)
{
    public const string Usage =
        "usage: Cpupolicy.Fuzz <target|all> [--iterations N] [--seed S] [--time-limit SEC] [--timeout SEC] [--no-save]\n" +
        "       Cpupolicy.Fuzz list                      (the targets, their components and properties)\n" +
        "       Cpupolicy.Fuzz replay <target> <file>...  (run saved inputs once, e.g. fuzz/crashes/<target>/<hash>)\n" +
        "       Cpupolicy.Fuzz promote                   (copy fuzz/crashes/*/<hash> into tests/Cpupolicy.Tests/Fuzz/Regressions/)\n" +
        "--time-limit caps each target's wall time; --timeout is the per-input hang limit (default 10 s).";

    public static RunnerArguments Parse(string[] args)
    {
        if (args.Length == 0)
        {
            throw new ArgumentException("no target given");
        }

        var operands = new List<string>();
        var iterations = 1000;
        var seed = 1;
        TimeSpan? limit = null;
        var timeout = TimeSpan.FromSeconds(10);
        var save = true;
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--iterations":
                    iterations = Number(args, ++i);
                    break;
                case "--seed":
                    seed = Number(args, ++i);
                    break;
                case "--time-limit":
                    limit = TimeSpan.FromSeconds(Number(args, ++i));
                    break;
                case "--timeout":
                    timeout = TimeSpan.FromSeconds(Number(args, ++i));
                    break;
                case "--no-save":
                    save = false;
                    break;
                default:
                    if (args[i].StartsWith("--", StringComparison.Ordinal))
                    {
                        throw new ArgumentException($"unknown option {args[i]}");
                    }

                    operands.Add(args[i]);
                    break;
            }
        }

        return new RunnerArguments(args[0], operands, iterations, seed, limit, timeout, save);
    }

    private static int Number(string[] args, int i) =>
        i < args.Length && int.TryParse(args[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0
            ? n
            : throw new ArgumentException($"{args[i - 1]} needs a non-negative number");
}

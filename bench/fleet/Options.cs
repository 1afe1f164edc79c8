using System.Globalization;

namespace Cpupolicy.Bench.Fleet;

/// <summary>The command line of the bench.</summary>
internal sealed record Options(int Hosts, int Vms, int Runs, int NaiveSample)
{
    public static Options Parse(string[] args)
    {
        var values = new Dictionary<string, int>(StringComparer.Ordinal) { ["--hosts"] = 1000, ["--vms"] = 10000, ["--runs"] = 5, ["--naive-sample"] = 500 };
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!values.ContainsKey(args[i]))
            {
                throw new ArgumentException($"unknown option {args[i]}; known: {string.Join(", ", values.Keys)}");
            }

            values[args[i]] = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
        }

        return new Options(values["--hosts"], values["--vms"], values["--runs"], values["--naive-sample"]);
    }
}

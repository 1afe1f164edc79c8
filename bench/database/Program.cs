using System.Diagnostics;
using System.Globalization;
using Cpupolicy.Core.Database;
using Cpupolicy.Core.Database.Schema;

// Time to load the feature and model databases, from the embedded binary image (what cpupolicy and cpupolicy-hook
// load) and from the JSON it is generated from (what they loaded before). The first load of a process is the number
// a hook pays (JIT included when not NativeAOT); the warm median shows the work itself. Prints one line per form:
//   FORM first_ms=... warm_median_ms=... (warm: median of --runs loads after the first)
var runs = args.Length == 2 && args[0] == "--runs" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
var json = (features: Read("features.json"), models: Read("models.json"));

Measure("image", () =>
{
    var (features, models) = DatabaseImage.Read(DatabaseImage.EmbeddedBytes());
    return features.Features.Count + models.Models.Count;
});
Measure("json", () =>
{
    var features = FeatureDatabase.Load(new MemoryStream(json.features));
    return features.Features.Count + ModelDatabase.Load(new MemoryStream(json.models), features).Models.Count;
});

void Measure(string form, Func<int> load)
{
    var clock = Stopwatch.StartNew();
    var count = load();
    var first = clock.Elapsed.TotalMilliseconds;
    var warm = new double[runs];
    for (var i = 0; i < runs; i++)
    {
        clock.Restart();
        load();
        warm[i] = clock.Elapsed.TotalMilliseconds;
    }

    Array.Sort(warm);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{form} first_ms={first:F3} warm_median_ms={warm[runs / 2]:F3} records={count}"));
}

static byte[] Read(string name)
{
    using var stream = typeof(Program).Assembly.GetManifestResourceStream(name)!;
    var bytes = new byte[stream.Length];
    stream.ReadExactly(bytes);
    return bytes;
}

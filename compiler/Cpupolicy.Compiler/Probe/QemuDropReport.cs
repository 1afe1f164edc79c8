using Cpupolicy.Compiler.Database;

namespace Cpupolicy.Compiler.Probe;

/// <summary>The features QEMU said its accelerator dropped, and the warnings whose feature the database lacks.</summary>
public sealed record QemuDropReport(FeatureSet Dropped, IReadOnlyList<string> Unrecognised);

using Cpupolicy.Core.Database;

namespace Cpupolicy.Compiler.Probe;

/// <summary>
/// What QEMU's warnings say it dropped: features the accelerator cannot give (<see cref="Dropped"/>), features whose
/// prerequisite the <c>-cpu</c> turns off (<see cref="ForDependencies"/>: a profile asking for them asks for something
/// no QEMU guest gets), and the warnings whose feature the database lacks.
/// </summary>
public sealed record QemuDropReport(FeatureSet Dropped, FeatureSet ForDependencies, IReadOnlyList<string> Unrecognised);

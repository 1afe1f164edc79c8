namespace Cpupolicy.Compiler.Analyses;

/// <summary>
/// What <see cref="HostReports"/> read: one host given as one file (<see cref="Single"/>: reported without a name),
/// or every host of the files, each under its name.
/// </summary>
public sealed record HostReportSet(bool Single, IReadOnlyList<NamedHostReport> Hosts);

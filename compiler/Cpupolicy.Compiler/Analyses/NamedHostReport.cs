using Cpupolicy.Compiler.Inventory;

namespace Cpupolicy.Compiler.Analyses;

/// <summary>One host of <see cref="HostReports"/>: its name, what it offers, and its x86 report (null for an aarch64 host: see <see cref="Arm64HostReport"/>).</summary>
public sealed record NamedHostReport(string Name, HostCapability Host, HostReport? Report);

using Cpupolicy.Compiler.Database;

namespace Cpupolicy.Compiler.Backends.Libvirt;

/// <summary>
/// A libvirt guest <c>&lt;cpu&gt;</c> as libvirt reads it (<c>virCPUDefParseXML</c>): its mode, match, check and
/// model fallback, the vendor and arch it states, its model's features, and each listed feature under its policy.
/// A feature has one policy (libvirt refuses a CPU that names a feature twice), so the five policy sets are disjoint.
/// </summary>
public sealed record LibvirtCpuDefinition
{
    /// <summary><c>custom</c> (the default), <c>host-model</c>, <c>host-passthrough</c> or <c>maximum</c>.</summary>
    public required string Mode { get; init; }

    /// <summary><c>minimum</c>, <c>exact</c> (the default) or <c>strict</c>; libvirt ignores it outside mode custom.</summary>
    public required string Match { get; init; }

    /// <summary><c>none</c>, <c>partial</c>, <c>full</c>, or null when not given (libvirt's default for the mode).</summary>
    public string? Check { get; init; }

    /// <summary>The model's <c>fallback</c>: <c>allow</c> (the default) or <c>forbid</c>.</summary>
    public string Fallback { get; init; } = "allow";

    /// <summary>The model, or null when the CPU names none (host-model and host-passthrough usually do not).</summary>
    public CpuModel? Model { get; init; }

    /// <summary>The model's features as libvirt's cpu_map defines them (without its <c>removed='yes'</c> ones).</summary>
    public FeatureSet ModelFeatures { get; init; } = FeatureSet.Empty;

    /// <summary>The vendor <c>&lt;vendor&gt;</c> states, or Unknown when it states none.</summary>
    public CpuVendor Vendor { get; init; }

    /// <summary>The <c>&lt;arch&gt;</c> the CPU states when it is not x86 (<c>ia64</c> ...), else null.</summary>
    public string? ForeignArch { get; init; }

    /// <summary>Every feature the cpu_map the CPU was read with names: what libvirt's host CPU description can contain.</summary>
    public required FeatureSet Vocabulary { get; init; }

    public FeatureSet Force { get; init; } = FeatureSet.Empty;

    /// <summary>Listed with <c>policy='require'</c> or with no policy.</summary>
    public FeatureSet Require { get; init; } = FeatureSet.Empty;

    public FeatureSet Optional { get; init; } = FeatureSet.Empty;

    public FeatureSet Disable { get; init; } = FeatureSet.Empty;

    public FeatureSet Forbid { get; init; } = FeatureSet.Empty;

    /// <summary>
    /// What libvirt requires of a host (<c>x86Compute</c>'s <c>cpu_require</c>): the model and the required features,
    /// minus those forced, optional or disabled. A forbidden feature of the model stays required (so such a CPU fits
    /// no host), as in libvirt.
    /// </summary>
    public FeatureSet Required => (ModelFeatures | Require) - Force - Optional - Disable;

    /// <summary>Every feature the definition speaks about (model and listed ones, whatever their policy).</summary>
    public FeatureSet Mentioned => ModelFeatures | Force | Require | Optional | Disable | Forbid;
}

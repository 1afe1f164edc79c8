using Cpupolicy.Compiler.Database;
using Cpupolicy.Policy.Diagnostics;

namespace Cpupolicy.Compiler.Semantics.Binding;

/// <summary>
/// A declared host and its capability: what a hypervisor on it can offer a guest. That is the decoded inventory
/// (or the named model) with Xen's dependency clearing applied, so a feature whose prerequisite the host lacks
/// does not count (Xen and libvirt would not offer it either).
/// </summary>
public sealed record HostSymbol(string Name, SourceSpan Span, FeatureSet Capability, CpuVendor Vendor, string Origin);

using Cpupolicy.Compiler.Audit;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.Services;

/// <summary>One audited binary: what it uses and declares, how it fits the profile (null without one or when it failed), what to report.</summary>
public sealed record AuditedBinary(BinaryAudit Audit, ProfileFit? Fit, IReadOnlyList<Diagnostic> Diagnostics);

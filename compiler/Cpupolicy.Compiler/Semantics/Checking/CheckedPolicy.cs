using Cpupolicy.Compiler.Semantics.Binding;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.Semantics.Checking;

/// <summary>The output of checking: the bound policy, every profile's value, and the diagnostics of this stage.</summary>
public sealed record CheckedPolicy(BoundPolicy Bound, IReadOnlyList<CheckedProfile> Profiles, IReadOnlyList<Diagnostic> Diagnostics);

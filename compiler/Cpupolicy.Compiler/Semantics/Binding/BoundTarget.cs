using Cpupolicy.Core.Ir;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.Semantics.Binding;

/// <summary><c>target BACKEND { options }</c>, options validated against the backend.</summary>
public sealed record BoundTarget(SourceSpan Span, TargetOptions Options);

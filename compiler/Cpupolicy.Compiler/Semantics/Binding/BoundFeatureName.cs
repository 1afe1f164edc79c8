using Cpupolicy.Core.Database;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.Semantics.Binding;

/// <summary>A feature name as the user wrote it, resolved, with its span (for messages that point at it).</summary>
public sealed record BoundFeatureName(FeatureDefinition Feature, string Written, SourceSpan Span);

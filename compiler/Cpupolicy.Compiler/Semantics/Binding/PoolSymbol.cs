using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.Semantics.Binding;

/// <summary>A declared pool, flattened to its hosts (duplicates removed, declaration order kept).</summary>
public sealed record PoolSymbol(string Name, SourceSpan Span, IReadOnlyList<HostSymbol> Hosts);

using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.Semantics.Binding;

/// <summary><c>vm "GLOB" uses PROFILE</c> (Glob null for <c>default uses PROFILE</c>).</summary>
public sealed record VmRule(string? Glob, string ProfileName, SourceSpan Span);

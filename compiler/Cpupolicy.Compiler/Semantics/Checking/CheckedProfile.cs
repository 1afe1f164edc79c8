using Cpupolicy.Compiler.Semantics.Binding;

namespace Cpupolicy.Compiler.Semantics.Checking;

/// <summary>A profile with its evaluated value.</summary>
public sealed record CheckedProfile(ProfileSymbol Symbol, ProfileValue Value);

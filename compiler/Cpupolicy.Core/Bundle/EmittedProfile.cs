using Cpupolicy.Core.Ir;

namespace Cpupolicy.Core.Bundle;

/// <summary>A profile with its artifact for every target, in backend-name order.</summary>
public sealed record EmittedProfile(ProfileIr Profile, IReadOnlyList<Artifact> Artifacts);

namespace Cpupolicy.Core.Database;

/// <summary>
/// The architectures a profile can have, by the names the bundle and the messages use. The name says which database
/// a profile's feature indices refer to (<see cref="FeatureDatabase"/> for x86, <see cref="Arm64.Arm64Database"/>
/// for aarch64), so the checker knows it before any IR or backend exists.
/// </summary>
public static class CpuArchitecture
{
    public const string X86 = "x86_64";

    public const string Aarch64 = "aarch64";
}

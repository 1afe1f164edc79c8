namespace Cpupolicy.Core.Database;

/// <summary>Who defines a named CPU model.</summary>
public enum ModelSource
{
    Qemu,
    Libvirt,
    Psabi,
}

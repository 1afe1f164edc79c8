namespace Cpupolicy.Compiler.IO;

/// <summary>What <c>lstat</c> says about a path: owner, group and <c>st_mode</c> (file type and permission bits).</summary>
public readonly record struct UnixFileStatus(uint Uid, uint Gid, ushort Mode)
{
    private const int TypeMask = 0xF000;

    public bool IsDirectory => (Mode & TypeMask) == 0x4000;

    public bool IsRegularFile => (Mode & TypeMask) == 0x8000;

    public bool IsSymbolicLink => (Mode & TypeMask) == 0xA000;

    /// <summary>The permission bits with setuid, setgid and sticky (07777).</summary>
    public int Permissions => Mode & 0xFFF;

    public bool GroupWritable => (Mode & 0x10) != 0;

    public bool OthersWritable => (Mode & 0x2) != 0;

    public bool Sticky => (Mode & 0x200) != 0;

    /// <summary>The mode as <c>ls -l</c>'s owner eye sees it in <c>chmod</c> terms, e.g. <c>0755</c> or <c>1777</c>.</summary>
    public string Octal => Convert.ToString(Permissions, 8).PadLeft(4, '0');

    public string Kind => IsDirectory ? "folder" : IsSymbolicLink ? "symlink" : IsRegularFile ? "file" : "special file";
}

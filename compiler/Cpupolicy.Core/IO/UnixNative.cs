using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Cpupolicy.Core.IO;

/// <summary>
/// The few POSIX calls .NET has no API for: the owner of a path without following a link (<c>statx</c>, whose
/// buffer has one layout on every architecture, unlike <c>struct stat</c>), the effective uid, changing a file's
/// owner (<c>lchown</c>), flushing a folder's entries to disk (<c>open</c> + <c>fsync</c>) and waiting for input with
/// a deadline (<c>poll</c>). Source-generated
/// stubs only (no runtime marshalling, no reflection), so they work unchanged in a trimmed or NativeAOT hook.
/// statx needs glibc 2.28 or later (musl 1.2.5).
/// </summary>
public static partial class UnixNative
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxBasicStats = 0x7ff;
    private const int StatxBufferSize = 256;
    private const int OpenReadOnlyCloseOnExec = 0x80000; // O_RDONLY | O_CLOEXEC (the same value on x86-64 and arm64)

    /// <summary>lstat(2): the path itself, a symlink not followed; null with the errno when it cannot be read.</summary>
    public static UnixFileStatus? LStat(string path, out int errno)
    {
        Span<byte> buffer = stackalloc byte[StatxBufferSize];
        if (Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxBasicStats, ref MemoryMarshal.GetReference(buffer)) != 0)
        {
            errno = Marshal.GetLastPInvokeError();
            return null;
        }

        errno = 0;
        // struct statx: u32 mask @0, u32 blksize @4, u64 attributes @8, u32 nlink @16, u32 uid @20, u32 gid @24,
        // u16 mode @28 (file type and permission bits, as st_mode).
        return new UnixFileStatus(
            BinaryPrimitives.ReadUInt32LittleEndian(buffer[20..]),
            BinaryPrimitives.ReadUInt32LittleEndian(buffer[24..]),
            BinaryPrimitives.ReadUInt16LittleEndian(buffer[28..]));
    }

    public static uint EffectiveUid() => GetEuid();

    /// <summary>
    /// poll(2) for input on one descriptor: 1 when a read will not block (data, end of input or an error to report),
    /// 0 when <paramref name="timeoutMs"/> passed first, -1 with the errno when poll failed.
    /// </summary>
    public static int PollReadable(int fd, int timeoutMs, out int errno)
    {
        // struct pollfd { int fd; short events; short revents; }, POLLIN = 1.
        Span<byte> pollFd = stackalloc byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(pollFd, fd);
        BinaryPrimitives.WriteInt16LittleEndian(pollFd[4..], 1);
        BinaryPrimitives.WriteInt16LittleEndian(pollFd[6..], 0);
        var n = Poll(ref MemoryMarshal.GetReference(pollFd), 1, timeoutMs);
        errno = n < 0 ? Marshal.GetLastPInvokeError() : 0;
        return n;
    }

    /// <summary>lchown(2); false with the errno when refused.</summary>
    public static bool ChangeOwner(string path, uint uid, uint gid, out int errno)
    {
        var ok = LChown(path, uid, gid) == 0;
        errno = ok ? 0 : Marshal.GetLastPInvokeError();
        return ok;
    }

    /// <summary>fsync(2) on a folder, so a rename inside it survives a crash; false with the errno when refused.</summary>
    public static bool SyncDirectory(string path, out int errno)
    {
        var fd = Open(path, OpenReadOnlyCloseOnExec);
        if (fd < 0)
        {
            errno = Marshal.GetLastPInvokeError();
            return false;
        }

        var ok = FSync(fd) == 0;
        errno = ok ? 0 : Marshal.GetLastPInvokeError();
        _ = Close(fd);
        return ok;
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int dirfd, string path, int flags, uint mask, ref byte buffer);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static partial int Poll(ref byte fds, nuint count, int timeoutMs);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEuid();

    [LibraryImport("libc", EntryPoint = "lchown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LChown(string path, uint uid, uint gid);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int FSync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}

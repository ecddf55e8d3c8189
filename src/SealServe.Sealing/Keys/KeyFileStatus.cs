using System.Runtime.InteropServices;

namespace SealServe.Sealing.Keys;

/// <summary>
/// What a path names, from <c>statx</c> (following symbolic links), before it is opened: opening a FIFO waits for
/// a writer, and reading a device (<c>/dev/zero</c>) never ends. <c>struct statx</c> has one layout on every Linux
/// architecture, which is why it is used rather than <c>stat</c>.
/// </summary>
internal static partial class KeyFileStatus
{
    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;
    private const uint StatxSize = 0x200;
    private const int ModeOffset = 28;
    private const int SizeOffset = 40;

    /// <summary>The kind of file (<c>null</c> for a regular file) and its size; null status when not on Linux.</summary>
    public static (string? NotRegular, long Size)? Of(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var buffer = new byte[256];
        if (Statx(AtFdCwd, path, 0, StatxType | StatxSize, buffer) != 0)
        {
            throw Marshal.GetLastPInvokeError() switch
            {
                2 => new FileNotFoundException($"Could not find file '{path}'."),
                13 => new UnauthorizedAccessException($"Access to the path '{path}' is denied."),
                var errno => new IOException($"statx failed with errno {errno}"),
            };
        }

        // Native byte order, as the kernel wrote them.
        var kind = MemoryMarshal.Read<ushort>(buffer.AsSpan(ModeOffset)) & 0xF000;
        var size = MemoryMarshal.Read<long>(buffer.AsSpan(SizeOffset));
        return (kind switch
        {
            0x8000 => null,
            0x4000 => "a folder",
            0x2000 => "a character device",
            0x6000 => "a block device",
            0x1000 => "a FIFO",
            0xC000 => "a socket",
            _ => "not a file",
        }, size);
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directory, string path, int flags, uint mask, byte[] buffer);
}

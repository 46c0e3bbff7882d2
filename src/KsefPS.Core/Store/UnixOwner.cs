using System.Runtime.InteropServices;

namespace KsefPS.Core.Store;

/// <summary>
/// Whether a path belongs to the user running KsefPS. .NET does not say who owns a file; Linux's statx does, with a
/// layout that is the same on every architecture (stx_uid at byte 20), unlike stat's. Elsewhere, or where statx is
/// missing, the answer is null and the caller falls back to a test that needs no native call.
/// </summary>
internal static partial class UnixOwner
{
    private const int CurrentDirectory = -100; // AT_FDCWD
    private const uint WantUid = 0x8;          // STATX_UID
    private const int UidOffset = 20;

    public static bool? IsCurrentUser(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }
        try
        {
            var buffer = new byte[256];
            if (Statx(CurrentDirectory, path, 0, WantUid, buffer) != 0)
            {
                return null;
            }
            return BitConverter.ToUInt32(buffer, UidOffset) == GetEffectiveUserId();
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return null;
        }
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Statx(int directory, string path, int flags, uint mask, [Out] byte[] buffer);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();
}

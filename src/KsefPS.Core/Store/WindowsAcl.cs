using System.Runtime.Versioning;
using System.Security.AccessControl;
using System.Security.Principal;

namespace KsefPS.Core.Store;

/// <summary>
/// The Windows form of the owner-only rule: the owner is the current user (or the Administrators group, which owns
/// what elevated sessions create), and no allow entry lets anyone but the user, SYSTEM and Administrators read or
/// write. Written with the same care as the Unix check; not exercised by the tests on this Linux build machine.
/// </summary>
[SupportedOSPlatform("windows")]
internal static class WindowsAcl
{
    private const FileSystemRights Changing = FileSystemRights.WriteData | FileSystemRights.AppendData
        | FileSystemRights.Delete | FileSystemRights.ChangePermissions | FileSystemRights.TakeOwnership | FileSystemRights.WriteAttributes;

    public static void RequireOwnerOnly(string path, bool isDirectory, bool readingToo)
    {
        var sensitive = readingToo ? Changing | FileSystemRights.ReadData : Changing;
        FileSystemSecurity security = isDirectory ? new DirectoryInfo(path).GetAccessControl() : new FileInfo(path).GetAccessControl();
        var user = WindowsIdentity.GetCurrent().User!;
        var trusted = new HashSet<SecurityIdentifier>
        {
            user,
            new(WellKnownSidType.LocalSystemSid, null),
            new(WellKnownSidType.BuiltinAdministratorsSid, null),
        };
        var owner = security.GetOwner(typeof(SecurityIdentifier)) as SecurityIdentifier;
        if (owner is null || !trusted.Contains(owner) || owner.IsWellKnown(WellKnownSidType.LocalSystemSid))
        {
            throw SecureFiles.Insecure(path, $"is owned by {Name(owner)}, not by you", "take ownership of it");
        }
        foreach (FileSystemAccessRule rule in security.GetAccessRules(true, true, typeof(SecurityIdentifier)))
        {
            if (rule.AccessControlType == AccessControlType.Allow && (rule.FileSystemRights & sensitive) != 0
                && rule.IdentityReference is SecurityIdentifier sid && !trusted.Contains(sid) && !sid.IsWellKnown(WellKnownSidType.CreatorOwnerSid))
            {
                throw SecureFiles.Insecure(path, $"lets {Name(sid)} {(readingToo ? "read or change" : "change")} it ({rule.FileSystemRights})",
                    "remove that entry from its permissions (icacls)");
            }
        }
    }

    private static string Name(SecurityIdentifier? sid)
    {
        if (sid is null)
        {
            return "nobody known";
        }
        try
        {
            return sid.Translate(typeof(NTAccount)).Value;
        }
        catch (IdentityNotMappedException)
        {
            return sid.Value;
        }
    }
}

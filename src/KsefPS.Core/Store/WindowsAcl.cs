using System.Runtime.Versioning;
using System.Security.AccessControl;
using System.Security.Principal;

namespace KsefPS.Core.Store;

/// <summary>
/// Windows' ACLs for <see cref="WindowsOwnerOnlyRule"/>: reading a path's owner and entries for the check, and making
/// folders and files that admit only the user, SYSTEM and Administrators from the moment they exist (the Windows form
/// of creating them 0700 and 0600): a folder made under C:\ or a shared drive would otherwise inherit entries such as
/// Authenticated Users' Modify, and the check would refuse the store KsefPS had just made. Written with the same care
/// as the Unix code; not exercised by the tests on this Linux build machine (the rule itself is).
/// </summary>
[SupportedOSPlatform("windows")]
internal static class WindowsAcl
{
    public static void RequireOwnerOnly(string path, bool isDirectory, bool readingToo)
    {
        FileSystemSecurity security = isDirectory ? new DirectoryInfo(path).GetAccessControl() : new FileInfo(path).GetAccessControl();
        var owner = security.GetOwner(typeof(SecurityIdentifier)) as SecurityIdentifier;
        var entries = security.GetAccessRules(includeExplicit: true, includeInherited: true, typeof(SecurityIdentifier))
            .Cast<FileSystemAccessRule>()
            .Select(rule => new WindowsOwnerOnlyRule.Entry(rule.IdentityReference.Value, (uint)rule.FileSystemRights, rule.AccessControlType == AccessControlType.Allow));
        var violation = WindowsOwnerOnlyRule.Find(owner?.Value, CurrentUser().Value, entries, readingToo);
        if (violation is null)
        {
            return;
        }
        throw violation.AccessMask is not { } granted
            ? SecureFiles.Insecure(path, $"is owned by {Name(violation.Sid)}, not by you", "take ownership of it")
            : SecureFiles.Insecure(path, $"lets {Name(violation.Sid)} {(readingToo ? "read or change" : "change")} it ({(FileSystemRights)granted})",
                "remove that entry from its permissions (icacls)");
    }

    /// <summary>Makes one folder (its parent exists) that admits only the trusted accounts, and passes that on to what is made in it.</summary>
    public static void CreateDirectory(string path)
    {
        var security = new DirectorySecurity();
        AdmitOnlyTrusted(security, InheritanceFlags.ContainerInherit | InheritanceFlags.ObjectInherit);
        new DirectoryInfo(path).Create(security);
    }

    /// <summary>Opens a file for writing; if it is made now, it admits only the trusted accounts (Windows ignores the ACL for a file that exists).</summary>
    public static FileStream CreateFile(string path, FileMode mode)
    {
        var security = new FileSecurity();
        AdmitOnlyTrusted(security, InheritanceFlags.None);
        // The rights GENERIC_WRITE stands for on a file (FILE_GENERIC_WRITE), as a FileStream opened for writing asks.
        const FileSystemRights genericWrite = FileSystemRights.Write | FileSystemRights.ReadPermissions | FileSystemRights.Synchronize;
        return new FileInfo(path).Create(mode, genericWrite, FileShare.None, 4096, FileOptions.None, security);
    }

    private static void AdmitOnlyTrusted(FileSystemSecurity security, InheritanceFlags inheritance)
    {
        security.SetAccessRuleProtection(isProtected: true, preserveInheritance: false);
        foreach (var sid in WindowsOwnerOnlyRule.Trusted(CurrentUser().Value))
        {
            security.AddAccessRule(new FileSystemAccessRule(new SecurityIdentifier(sid), FileSystemRights.FullControl, inheritance,
                PropagationFlags.None, AccessControlType.Allow));
        }
    }

    private static SecurityIdentifier CurrentUser()
    {
        using var identity = WindowsIdentity.GetCurrent();
        return identity.User!;
    }

    private static string Name(string? sid)
    {
        if (string.IsNullOrEmpty(sid))
        {
            return "nobody known";
        }
        try
        {
            return new SecurityIdentifier(sid).Translate(typeof(NTAccount)).Value;
        }
        catch (SystemException)
        {
            // not mapped, or no domain controller to ask: the SID itself still names the account
            return sid;
        }
    }
}

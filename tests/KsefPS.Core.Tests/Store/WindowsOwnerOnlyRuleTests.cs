using KsefPS.Core.Store;
using static KsefPS.Core.Store.WindowsOwnerOnlyRule;

namespace KsefPS.Core.Tests.Store;

/// <summary>
/// The Windows owner-only rule on the ACLs Windows gives a store folder in the places users put one. The ACL classes
/// run only on Windows; the rule they feed runs here.
/// </summary>
public sealed class WindowsOwnerOnlyRuleTests
{
    private const string User = "S-1-5-21-1004336348-1177238915-682003330-1001";
    private const string OtherUser = "S-1-5-21-1004336348-1177238915-682003330-1002";
    private const string Users = "S-1-5-32-545";
    private const string AuthenticatedUsers = "S-1-5-11";
    private const string Everyone = "S-1-1-0";
    private const string CreatorOwner = "S-1-3-0";

    private const uint FullControl = 0x1F01FF;
    private const uint Modify = 0x1301BF;
    private const uint ReadAndExecute = 0x1200A9;
    private const uint CreateFolders = 0x4;
    private const uint DeleteSubfoldersAndFiles = 0x40;
    private const uint GenericWrite = 0x4000_0000;
    private const uint GenericRead = 0x8000_0000;

    // What %LOCALAPPDATA% passes on, and what KsefPS gives a folder or file it makes.
    private static readonly Entry[] ProfileFolder = [new(LocalSystem, FullControl, true), new(Administrators, FullControl, true), new(User, FullControl, true)];

    [Fact]
    public void A_folder_made_under_the_profile_or_by_KsefPS_is_trusted_for_secrets_too()
    {
        Assert.Null(Find(User, User, ProfileFolder, readingToo: true));
        Assert.Null(Find(User, User, Trusted(User).Select(sid => new Entry(sid, FullControl, true)), readingToo: true));
    }

    [Fact]
    public void What_a_folder_made_under_a_drive_root_inherits_lets_every_signed_in_user_change_the_store()
    {
        // C:\ passes Modify to Authenticated Users and Read & Execute to Users on to every folder made under it.
        Entry[] underDriveRoot = [.. ProfileFolder, new(Users, ReadAndExecute, true), new(AuthenticatedUsers, Modify, true)];

        var violation = Find(User, User, underDriveRoot, readingToo: false);

        Assert.Equal(new Violation(AuthenticatedUsers, Modify), violation);
    }

    [Fact]
    public void Others_reading_is_refused_only_for_a_secret()
    {
        Entry[] readable = [.. ProfileFolder, new(Users, ReadAndExecute, true)];

        Assert.Null(Find(User, User, readable, readingToo: false));
        Assert.Equal(new Violation(Users, ReadAndExecute), Find(User, User, readable, readingToo: true));
        Assert.Equal(new Violation(Everyone, GenericRead), Find(User, User, [new(Everyone, GenericRead, true)], readingToo: true));
    }

    [Theory]
    [InlineData(CreateFolders)]
    [InlineData(DeleteSubfoldersAndFiles)]
    [InlineData(GenericWrite)]
    public void Any_one_right_that_changes_what_a_folder_holds_is_enough_to_refuse(uint mask)
    {
        Assert.Equal(new Violation(Everyone, mask), Find(User, User, [new(Everyone, mask, true)], readingToo: false));
    }

    [Fact]
    public void Deny_entries_and_entries_standing_for_the_owner_do_not_count()
    {
        Entry[] entries = [new(Everyone, FullControl, false), new(CreatorOwner, FullControl, true), new("S-1-3-4", Modify, true)];

        Assert.Null(Find(User, User, entries, readingToo: true));
    }

    [Fact]
    public void The_owner_may_be_the_user_or_the_Administrators_group_and_SYSTEM_only_when_the_user_is_SYSTEM()
    {
        Assert.Null(Find(Administrators, User, ProfileFolder, readingToo: false));
        // A scheduled task running as SYSTEM makes its own store, which SYSTEM then owns.
        Assert.Equal([LocalSystem, Administrators], Trusted(LocalSystem));
        Assert.Null(Find(LocalSystem, LocalSystem, Trusted(LocalSystem).Select(sid => new Entry(sid, FullControl, true)), readingToo: true));
        Assert.Equal(new Violation(LocalSystem, null), Find(LocalSystem, User, ProfileFolder, readingToo: false));
        Assert.Equal(new Violation(OtherUser, null), Find(OtherUser, User, ProfileFolder, readingToo: false));
        Assert.Equal(new Violation(null, null), Find(null, User, ProfileFolder, readingToo: false));
    }
}

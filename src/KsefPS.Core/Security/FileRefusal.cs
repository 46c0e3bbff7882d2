namespace KsefPS.Core.Security;

/// <summary>Why <see cref="BoundedFile.Read"/> refused a path.</summary>
public enum FileRefusal
{
    Missing,
    Directory,
    EmptyOrNotRegular,
    TooLarge,
}

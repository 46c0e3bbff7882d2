using KsefPS.Core.Errors;
using KsefPS.Core.Security;

namespace KsefPS.Core.Api;

/// <summary>
/// An address KsefPS is told to call (-ApiUrl, -StatusUrl, or one the store kept): absolute http(s) — KSeF itself is
/// https; plain http is for a local emulator — with no user name, query or fragment, which KsefPS would otherwise send
/// on or drop unseen.
/// </summary>
public static class ServiceUrl
{
    public static Uri Require(Uri url, string what)
    {
        if (url.IsAbsoluteUri && url.Host.Length > 0 && url.UserInfo.Length == 0 && url.Query.Length == 0 && url.Fragment.Length == 0
            && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp))
        {
            return url;
        }
        var shown = UntrustedText.Quote(Shown(url), 200);
        throw new KsefException(ErrorIds.UrlInvalid, KsefErrorKind.InvalidArgument,
            $"'{shown}' cannot be {what}: it must be an absolute https:// (or, for a local emulator, http://) address with no user name, query or fragment.",
            shown);
    }

    // A password written into the address stays out of the error text.
    private static string Shown(Uri url) =>
        url.IsAbsoluteUri && url.UserInfo.Length > 0 ? url.OriginalString.Replace(url.UserInfo + "@", "…@", StringComparison.Ordinal) : url.OriginalString;
}

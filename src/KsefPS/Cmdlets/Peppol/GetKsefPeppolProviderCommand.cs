using System.Management.Automation;
using KsefPS.Core.Api;
using KsefPS.Core.Environments;
using KsefPS.Core.Peppol;
using KsefPS.Core.Sessions;
using KsefPS.Infrastructure;

namespace KsefPS.Cmdlets.Peppol;

/// <summary>
/// The Peppol service providers KSeF has registered, newest first: the ids a company authorizes with PefInvoicing
/// (Grant-KsefPermission -PeppolId). KSeF's list is public: no session is needed.
/// </summary>
[Cmdlet(VerbsCommon.Get, "KsefPeppolProvider", DefaultParameterSetName = ByEnvironment)]
[OutputType(typeof(PeppolProvider))]
public sealed class GetKsefPeppolProviderCommand : KsefCmdlet
{
    private const string ByEnvironment = "Environment";
    private const string BySession = "Session";

    /// <summary>Only these providers (wildcards allowed).</summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? PeppolId { get; set; }

    /// <summary>Default: the current session's KSeF, else Test.</summary>
    [Parameter(ParameterSetName = ByEnvironment)]
    public KsefEnvironment? Environment { get; set; }

    [Parameter(ParameterSetName = ByEnvironment)]
    [ValidateNotNull]
    public Uri? ApiUrl { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = BySession)]
    [ValidateNotNull]
    public KsefSession? Session { get; set; }

    protected override void ProcessRecord()
    {
        var patterns = PeppolId?.Select(id => new WildcardPattern(id.Trim(), WildcardOptions.IgnoreCase)).ToList();
        var session = Session ?? (Environment is null && ApiUrl is null ? CurrentSession.Get() : null);
        var apiUrl = session?.ApiUrl ?? ApiUrl ?? KsefEnvironmentInfo.For(Environment ?? KsefEnvironment.Test).ApiUrl;
        WriteVerbose($"Listing the Peppol service providers registered in KSeF at {apiUrl}.");
        Terminating(() => Stream("Get-KsefPeppolProvider", async (emit, narrate, _, cancel) =>
        {
            var providers = session is not null
                ? PeppolProviders.ListAsync(session, cancel)
                : PeppolProviders.ListAsync(new KsefHttpClient(apiUrl, new KsefApiOptions(), narrate), cancel);
            await foreach (var provider in providers.ConfigureAwait(false))
            {
                if (patterns is null || patterns.Any(p => p.IsMatch(provider.PeppolId)))
                {
                    emit(provider);
                }
            }
        }));
    }
}

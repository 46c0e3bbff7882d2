using System.Management.Automation;
using KsefPS.Core.Api;
using KsefPS.Core.Environments;
using KsefPS.Core.Permissions;
using KsefPS.Core.Sessions;

namespace KsefPS.Infrastructure;

/// <summary>
/// A KSeF TEST helper: talks to -ApiUrl, else to the current session's KSeF, else to KSeF TEST; refuses Demo and
/// Production (TestOnly) before anything is sent.
/// </summary>
public abstract class TestDataCmdlet : KsefCmdlet
{
    [Parameter]
    public Uri? ApiUrl { get; set; }

    [Parameter]
    public KsefEnvironment? Environment { get; set; }

    [Parameter]
    public KsefSession? Session { get; set; }

    protected KsefTestData TestData()
    {
        var session = Session ?? CurrentSession.Get();
        var environment = Environment ?? (ApiUrl is null ? session?.Environment : null) ?? KsefEnvironment.Test;
        var apiUrl = ApiUrl ?? (Environment is null ? session?.ApiUrl : null) ?? KsefEnvironmentInfo.For(environment).ApiUrl;
        return Terminating(() => KsefTestData.For(environment, apiUrl, new KsefApiOptions(), null));
    }
}

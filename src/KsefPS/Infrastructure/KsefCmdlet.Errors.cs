using System.Management.Automation;
using KsefPS.Core.Api;
using KsefPS.Core.Errors;

namespace KsefPS.Infrastructure;

/// <summary>Engine failures as ErrorRecords with their stable ErrorId, per item or terminating.</summary>
public abstract partial class KsefCmdlet
{
    protected static ErrorRecord ToErrorRecord(KsefException e)
    {
        var record = new ErrorRecord(e, e.ErrorId, CategoryOf(e.Kind), e.Target);
        if (e.RecommendedAction is { } action)
        {
            record.ErrorDetails = new ErrorDetails(e.Message) { RecommendedAction = action };
        }
        else if (e.Server is { } server)
        {
            record.ErrorDetails = new ErrorDetails(e.Message)
            {
                RecommendedAction = NextStep(e.ErrorId, server) +
                    (server.FirstCode is { } code ? $"KSeF code {code}" : $"KSeF answered HTTP {server.HttpStatus}") +
                    (server.ReferenceNumber is { } reference ? $"; quote reference {reference} to KSeF support." : "."),
            };
        }
        return record;
    }

    /// <summary>What to do about a refusal whose kind says more than its code does.</summary>
    private static string NextStep(string errorId, KsefServerError server) => errorId switch
    {
        ErrorIds.KsefUnavailable =>
            "KSeF is unavailable or failing: Get-KsefStatus shows what KSeF announces. Try again later; meanwhile invoices can be issued offline (Send-KsefInvoice -OfflineFallback). ",
        ErrorIds.KsefUnauthorized => "KSeF no longer accepts this session: Connect-Ksef again. ",
        ErrorIds.KsefForbidden when server.RequiredPermissions is { Count: > 0 } =>
            "The session lacks a permission this needs (the message names it): the context's owner grants it (Grant-KsefPermission), then Connect-Ksef again. ",
        ErrorIds.KsefForbidden => "KSeF does not let this session do that (the message says why); connect with a credential that may. ",
        ErrorIds.KsefRateLimited => "KSeF's rate limits were reached: try again after the wait KSeF asks for (the message says how long); Get-KsefLimit shows the limits. ",
        ErrorIds.KsefTokenInvalid =>
            "Get-KsefToken -Remote shows the token's status: a new token is Pending for a moment, then Active; a revoked one never logs in again (New-KsefToken makes another). ",
        ErrorIds.NoPermissionsInContext =>
            "The subject holds no permission in this context: the context's owner grants one (Grant-KsefPermission), or connect to a context where it has rights. ",
        ErrorIds.CertificateRejected =>
            "KSeF does not accept this certificate (the message says why: expired, revoked, untrusted, or an Offline certificate): Get-KsefCertificate shows its status in the store, Get-KsefIssuedCertificate at KSeF for a KSeF certificate. ",
        _ => "",
    };

    /// <summary>Per-item failure: the pipeline goes on.</summary>
    protected void WriteKsefError(KsefException e) => WriteError(ToErrorRecord(e));

    protected void ThrowKsefError(KsefException e) => ThrowTerminatingError(ToErrorRecord(e));

    /// <summary>Runs one unit of work; a KsefException becomes a non-terminating error for that item.</summary>
    protected void PerItem(Action action)
    {
        try
        {
            action();
        }
        catch (KsefException e)
        {
            WriteKsefError(e);
        }
    }

    /// <summary>Runs work whose failure ends the command (bad parameters, an unusable store).</summary>
    protected T Terminating<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (KsefException e)
        {
            ThrowKsefError(e);
            throw; // not reached: ThrowTerminatingError always throws
        }
    }

    private static ErrorCategory CategoryOf(KsefErrorKind kind) => kind switch
    {
        KsefErrorKind.InvalidArgument => ErrorCategory.InvalidArgument,
        KsefErrorKind.InvalidData => ErrorCategory.InvalidData,
        KsefErrorKind.ObjectNotFound => ErrorCategory.ObjectNotFound,
        KsefErrorKind.ResourceExists => ErrorCategory.ResourceExists,
        KsefErrorKind.SecurityError => ErrorCategory.SecurityError,
        KsefErrorKind.AuthenticationError => ErrorCategory.AuthenticationError,
        KsefErrorKind.PermissionDenied => ErrorCategory.PermissionDenied,
        KsefErrorKind.ResourceUnavailable => ErrorCategory.ResourceUnavailable,
        KsefErrorKind.OpenError => ErrorCategory.OpenError,
        KsefErrorKind.WriteError => ErrorCategory.WriteError,
        KsefErrorKind.InvalidOperation => ErrorCategory.InvalidOperation,
        _ => ErrorCategory.NotSpecified,
    };
}

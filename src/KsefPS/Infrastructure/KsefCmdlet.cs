using System.Collections.Concurrent;
using System.Management.Automation;
using KsefPS.Core.Errors;

namespace KsefPS.Infrastructure;

/// <summary>Base of every KsefPS cmdlet: turns engine failures into ErrorRecords with their stable ErrorId.</summary>
public abstract class KsefCmdlet : PSCmdlet
{
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Cancelled by Ctrl+C or a stopped pipeline: cancels the HTTP call in flight.</summary>
    protected CancellationToken Cancellation => _stopping.Token;

    protected override void StopProcessing() => _stopping.Cancel();

    /// <summary>
    /// -Debug turns every verbose and warning line of a cmdlet into a "continue?" question. Where nobody can answer (a
    /// runbook, a scheduled task, pwsh -NonInteractive) the line is still written, and the question that cannot be
    /// asked is not.
    /// </summary>
    protected new void WriteWarning(string text) => WithoutUnanswerableQuestion(() => base.WriteWarning(text));

    /// <inheritdoc cref="WriteWarning(string)"/>
    protected new void WriteVerbose(string text) => WithoutUnanswerableQuestion(() => base.WriteVerbose(text));

    private void WithoutUnanswerableQuestion(Action write)
    {
        try
        {
            write();
        }
        catch (Exception e) when (e is PSInvalidOperationException or System.Management.Automation.Host.HostException && !IsInteractive())
        {
        }
    }

    /// <summary>
    /// Runs engine work off the pipeline thread and relays its narration to -Verbose from the pipeline thread, since
    /// Write* must never be called from another thread (DESIGN §5).
    /// </summary>
    protected T RunAsync<T>(Func<Action<string>, CancellationToken, Task<T>> work) =>
        RunAsync(null, (narrate, _, cancel) => work(narrate, cancel));

    /// <summary>As <see cref="RunAsync{T}(Func{Action{string}, CancellationToken, Task{T}})"/>, with a progress bar named <paramref name="activity"/>.</summary>
    protected T RunAsync<T>(string? activity, Func<Action<string>, Action<string, int>, CancellationToken, Task<T>> work) =>
        RunAsync(activity, (_, narrate, report, cancel) => work(narrate, report, cancel));

    /// <summary>
    /// Engine work that yields objects as it goes: each is written to the pipeline (on the pipeline thread) as soon as
    /// it arrives, and the work waits when the pipeline falls behind, so memory stays bounded.
    /// </summary>
    protected bool Stream(string? activity, Func<Action<object>, Action<string>, Action<string, int>, CancellationToken, Task> work) =>
        Stream(activity, work, WriteObject);

    /// <summary>As <see cref="Stream(string?, Func{Action{object}, Action{string}, Action{string, int}, CancellationToken, Task})"/>, each object handed to <paramref name="handle"/> on the pipeline thread.</summary>
    protected bool Stream(string? activity, Func<Action<object>, Action<string>, Action<string, int>, CancellationToken, Task> work, Action<object> handle) =>
        RunAsync<bool>(activity, async (emit, narrate, report, cancel) =>
        {
            await work(emit, narrate, report, cancel).ConfigureAwait(false);
            return true;
        }, handle);

    private sealed record Emitted(object Value);

    private T RunAsync<T>(string? activity, Func<Action<object>, Action<string>, Action<string, int>, CancellationToken, Task<T>> work, Action<object>? handle = null)
    {
        handle ??= WriteObject;
        using var feedback = new BlockingCollection<object>(boundedCapacity: 1000);
        void Post(object item)
        {
            try
            {
                feedback.Add(item, Cancellation);
            }
            catch (Exception e) when (e is InvalidOperationException or OperationCanceledException)
            {
                // the work finished, or the pipeline stopped reading: late words are dropped
            }
        }
        var task = Task.Run(() => work(value => Post(new Emitted(value)), message => Post(message), (status, percent) => Post((status, percent)), Cancellation));
        task.ContinueWith(_ => feedback.CompleteAdding(), TaskScheduler.Default);
        var progressId = activity is null ? 0 : Math.Abs(activity.GetHashCode() % 10_000) + 1;
        try
        {
            foreach (var item in feedback.GetConsumingEnumerable())
            {
                if (item is Emitted emitted)
                {
                    handle(emitted.Value);
                }
                else if (item is string message)
                {
                    WriteVerbose(message);
                }
                else if (item is (string status, int percent) && activity is not null)
                {
                    WriteProgress(new ProgressRecord(progressId, activity, status) { PercentComplete = percent });
                }
            }
        }
        finally
        {
            if (!task.IsCompleted)
            {
                // Downstream stopped reading (Select-Object -First, an error): stop the work and let it finish.
                _stopping.Cancel();
                try
                {
                    task.Wait(TimeSpan.FromSeconds(10));
                }
                catch (AggregateException)
                {
                }
            }
        }
        if (activity is not null)
        {
            WriteProgress(new ProgressRecord(progressId, activity, "Done") { RecordType = ProgressRecordType.Completed });
        }
        try
        {
            return task.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (Cancellation.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

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
                RecommendedAction = (server.FirstCode is { } code ? $"KSeF code {code}" : $"KSeF answered HTTP {server.HttpStatus}") +
                    (server.ReferenceNumber is { } reference ? $"; quote reference {reference} to KSeF support." : "."),
            };
        }
        return record;
    }

    /// <summary>
    /// The one duration a cmdlet was given: its TimeSpan parameter (where a bare number means seconds), or else the
    /// older whole-seconds parameter, which keeps working as it always did. Both at once is an error, as is a
    /// duration outside [<paramref name="minimum"/>, <paramref name="maximum"/>].
    /// </summary>
    protected TimeSpan Duration(string name, TimeSpan? value, string secondsName, int seconds, TimeSpan minimum, TimeSpan maximum)
    {
        if (value is not null && MyInvocation.BoundParameters.ContainsKey(secondsName))
        {
            ThrowKsefError(new KsefException(ErrorIds.DurationGivenTwice, KsefErrorKind.InvalidArgument,
                $"Give -{name} or -{secondsName}, not both.", name));
        }
        var duration = value ?? TimeSpan.FromSeconds(seconds);
        if (duration < minimum || duration > maximum)
        {
            ThrowKsefError(new KsefException(ErrorIds.DurationOutOfRange, KsefErrorKind.InvalidArgument,
                $"-{name} must be from {minimum} to {maximum}; {duration} was given.", duration));
        }
        return duration;
    }

    /// <summary>
    /// A file this cmdlet wrote, as Get-Item would give it: through the FileSystem provider, so Mode, PSPath and the
    /// directory grouping of the default view are all there.
    /// </summary>
    protected void WriteFile(string path)
    {
        foreach (var item in InvokeProvider.Item.Get([path], force: true, literalPath: true))
        {
            WriteObject(item);
        }
    }

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

    protected string ResolvePath(string path) => SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);

    /// <summary>
    /// Input files of a -Path/-LiteralPath pair: literal paths as given, wildcards expanded against the PowerShell
    /// location. A wildcard that matches nothing is a non-terminating error with <paramref name="notFoundErrorId"/>.
    /// </summary>
    protected IReadOnlyList<string> ResolveInputFiles(IEnumerable<string> paths, bool literal, string notFoundErrorId)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (literal || !WildcardPattern.ContainsWildcardCharacters(path))
            {
                files.Add(ResolvePath(path));
                continue;
            }
            try
            {
                files.AddRange(SessionState.Path.GetResolvedProviderPathFromPSPath(path, out _));
            }
            catch (ItemNotFoundException)
            {
                WriteKsefError(new KsefException(notFoundErrorId, KsefErrorKind.ObjectNotFound, $"No file matches '{path}'.", path));
            }
        }
        return files;
    }

    /// <summary>
    /// True only when a person can answer a prompt: not -NonInteractive, input not redirected, a real host UI.
    /// Runbooks, scheduled tasks and CI get errors instead of prompts.
    /// </summary>
    protected bool IsInteractive()
    {
        if (Host?.UI is null || Host.Name == "Default Host" || !Environment.UserInteractive || Console.IsInputRedirected)
        {
            return false;
        }
        return !Environment.GetCommandLineArgs().Any(a =>
            a.StartsWith("-noni", StringComparison.OrdinalIgnoreCase) || a.StartsWith("/noni", StringComparison.OrdinalIgnoreCase));
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

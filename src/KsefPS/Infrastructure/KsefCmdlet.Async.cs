using System.Management.Automation;

namespace KsefPS.Infrastructure;

/// <summary>Engine work run off the pipeline thread, its narration, progress and output marshalled back to it (DESIGN §5).</summary>
public abstract partial class KsefCmdlet
{
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

    /// <summary>
    /// What background work says, as this cmdlet writes it; <paramref name="write"/> takes what it emits. KSeF's technical
    /// warnings (X-System-Warning) become warnings, each distinct text once per command.
    /// </summary>
    private protected PipelineSink Sink(string? activity, Action<object> write) => new(write, WriteVerbose, (status, percent) =>
    {
        if (activity is not null)
        {
            ReportProgress(activity, status, percent);
        }
    }, (text, where) =>
    {
        if (_systemWarnings.Add(text))
        {
            WriteWarning($"KSeF warns: {text} (answering {where})");
        }
    });

    private readonly HashSet<string> _systemWarnings = new(StringComparer.Ordinal);

    /// <summary>One progress bar per activity; -1 percent is a bar without an end.</summary>
    private protected void ReportProgress(string activity, string status, int percent = -1) =>
        WriteProgress(new ProgressRecord(ProgressId(activity), activity, status) { PercentComplete = percent });

    private protected void CompleteProgress(string activity) =>
        WriteProgress(new ProgressRecord(ProgressId(activity), activity, "Done") { RecordType = ProgressRecordType.Completed });

    private static int ProgressId(string activity) => Math.Abs(activity.GetHashCode() % 10_000) + 1;

    private T RunAsync<T>(string? activity, Func<Action<object>, Action<string>, Action<string, int>, CancellationToken, Task<T>> work, Action<object>? handle = null)
    {
        using var bridge = new PipelineBridge(Sink(activity, handle ?? WriteObject), Cancellation);
        using var listening = Core.Api.SystemWarnings.Listen(bridge.Warn);
        var task = bridge.Start(cancel => work(bridge.Emit, bridge.Narrate, bridge.Report, cancel));
        try
        {
            bridge.DeliverToEnd();
        }
        catch (OperationCanceledException) when (Cancellation.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
        if (activity is not null)
        {
            CompleteProgress(activity);
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
}

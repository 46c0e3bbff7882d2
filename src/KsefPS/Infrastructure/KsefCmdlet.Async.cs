using System.Collections.Concurrent;
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
}

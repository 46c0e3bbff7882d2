using System.Collections.Concurrent;

namespace KsefPS.Infrastructure;

/// <summary>
/// Work that runs off the pipeline thread and speaks through it: PowerShell allows Write* only on the pipeline thread,
/// so whatever the work emits, narrates or reports is queued here and delivered by the thread that pumps. The queue is
/// bounded, so work that produces faster than the pipeline consumes waits; a pipeline that stops (Ctrl+C,
/// Select-Object -First, an error) cancels the work and waits for it to finish.
/// </summary>
internal sealed class PipelineBridge : IDisposable
{
    private sealed record Emitted(object Value);
    private sealed record Narrated(string Text);
    private sealed record Reported(string Status, int Percent);
    private sealed record Warned(string Text, string Where);
    private static readonly object WakeUp = new();

    private readonly BlockingCollection<object> _feedback;
    private readonly CancellationTokenSource _cancel;
    private readonly PipelineSink _sink;
    private Task? _work;

    public PipelineBridge(PipelineSink sink, CancellationToken stopping, int capacity = 1000)
    {
        _sink = sink;
        _feedback = new BlockingCollection<object>(capacity);
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(stopping);
    }

    /// <summary>Cancelled when the pipeline stops or stops reading.</summary>
    public CancellationToken Cancellation => _cancel.Token;

    /// <summary>Starts the work on the thread pool; the bridge closes when it ends, however it ends.</summary>
    public Task<T> Start<T>(Func<CancellationToken, Task<T>> work)
    {
        if (_work is not null)
        {
            throw new InvalidOperationException("A bridge carries one piece of work.");
        }
        var task = Task.Run(() => work(_cancel.Token));
        _work = task;
        task.ContinueWith(_ => _feedback.CompleteAdding(), TaskScheduler.Default);
        return task;
    }

    public void Emit(object value) => Post(new Emitted(value));

    public void Narrate(string text) => Post(new Narrated(text));

    public void Report(string status, int percent) => Post(new Reported(status, percent));

    public void Warn(string text, string where) => Post(new Warned(text, where));

    /// <summary>Lets a pipeline thread blocked in <see cref="DeliverNext"/> look again at what it waits for.</summary>
    public void Wake() => Post(WakeUp);

    /// <summary>Delivers one item, waiting for it; false once the work has ended and everything it said was delivered.</summary>
    public bool DeliverNext()
    {
        object item;
        try
        {
            item = _feedback.Take(_cancel.Token);
        }
        catch (InvalidOperationException) when (_feedback.IsCompleted)
        {
            return false;
        }
        catch (OperationCanceledException)
        {
            StopWork();
            throw;
        }
        DeliverOrStop(item);
        return true;
    }

    /// <summary>Delivers what is already queued, without waiting.</summary>
    public void DeliverAvailable()
    {
        while (_feedback.TryTake(out var item))
        {
            DeliverOrStop(item);
        }
    }

    /// <summary>Delivers everything until the work has ended and all it said was delivered.</summary>
    public void DeliverToEnd()
    {
        while (DeliverNext())
        {
        }
    }

    public void Dispose()
    {
        StopWork();
        _feedback.Dispose();
        _cancel.Dispose();
    }

    private void Post(object item)
    {
        try
        {
            _feedback.Add(item, _cancel.Token);
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException or ObjectDisposedException)
        {
            // the work ended, or the pipeline stopped reading: late words are dropped
        }
    }

    private void DeliverOrStop(object item)
    {
        try
        {
            Deliver(item);
        }
        catch (Exception)
        {
            StopWork();
            throw;
        }
    }

    private void Deliver(object item)
    {
        switch (item)
        {
            case Emitted emitted:
                _sink.Write(emitted.Value);
                break;
            case Narrated narrated:
                _sink.Verbose(narrated.Text);
                break;
            case Reported reported:
                _sink.Progress(reported.Status, reported.Percent);
                break;
            case Warned warned:
                _sink.Warning?.Invoke(warned.Text, warned.Where);
                break;
        }
    }

    /// <summary>The pipeline stopped reading: cancel the work and give it a moment to let go of what it holds.</summary>
    private void StopWork()
    {
        if (_work is null || _work.IsCompleted)
        {
            return;
        }
        _cancel.Cancel();
        try
        {
            _work.Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
        }
    }
}

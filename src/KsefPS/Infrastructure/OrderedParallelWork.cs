using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace KsefPS.Infrastructure;

/// <summary>
/// Per-file work behind the pipeline, on <c>parallelism</c> threads, results in input order. The pipeline thread only
/// hands over sources (<see cref="Add"/>) and writes what comes back; the listing of folders and wildcards, the work
/// itself, and <c>beforeDelivery</c> (given each run of finished results, say to record them) all happen on threads of
/// their own. Files travel in chunks (up to 32 files given one by one, up to 128 that a folder or a wildcard listed), so
/// threads hand over work a hundred or so times in a run of ten thousand rather than for every file: on two cores,
/// threads that keep waking each other spend more time waiting than working. Memory is bounded: two sources and two
/// chunks per worker wait for their turn, done chunks for up to two runs wait to be delivered, one run of results is
/// gathered (at most a batch and a chunk; before the first result leaves, only what is already done), and a few runs
/// wait for the pipeline. A file named twice in one run is done once.
/// </summary>
internal sealed class OrderedParallelWork<TResult> : IDisposable
{
    private const int ChunkSize = 32;
    internal const int ListedChunkSize = 128;
    internal const int DeliveryBatch = 1024;
    private static readonly TimeSpan GatherFor = TimeSpan.FromSeconds(0.1);

    private sealed class Chunk
    {
        public List<WorkOutcome<TResult>> Outcomes { get; } = new(ChunkSize);
        public ManualResetEventSlim Done { get; } = new();

        /// <summary>
        /// May wait to be recorded with the chunks after it: it holds files a folder or a wildcard listed, or the input
        /// was waiting on the work while it was filled.
        /// </summary>
        public bool MayWait { get; set; }
    }

    private readonly PipelineBridge _bridge;
    private readonly BlockingCollection<InputSource> _sources;
    private readonly BlockingCollection<Chunk> _inOrder;
    private readonly BlockingCollection<Chunk> _todo;
    private readonly Func<string, TResult> _work;
    private readonly Action<IReadOnlyList<TResult>, Action<string>>? _beforeDelivery;
    private readonly int _parallelism;
    private readonly CancellationToken _stopping;
    private readonly HashSet<string> _seen = new(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
    private readonly Task<bool> _run;
    private readonly long _gatherTicks;
    private int _adderWaiting;
    private int _inputWaited;
    private bool _delivered;
    // Set by the lister before it hands over the input's last chunk, so the delivery cannot take that chunk unaware.
    private volatile bool _inputOver;

    public OrderedParallelWork(PipelineSink sink, CancellationToken stopping, int parallelism, Func<string, TResult> work,
        Action<IReadOnlyList<TResult>, Action<string>>? beforeDelivery = null, TimeSpan? gatherFor = null)
    {
        _stopping = stopping;
        _gatherTicks = (long)((gatherFor ?? GatherFor).TotalSeconds * Stopwatch.Frequency);
        // A few runs of results at most wait for the pipeline thread, and a few sources for the lister.
        _bridge = new PipelineBridge(sink, stopping, capacity: 4);
        _sources = new BlockingCollection<InputSource>(2 * parallelism);
        _work = work;
        _beforeDelivery = beforeDelivery;
        _parallelism = parallelism;
        // Room for two runs of listed chunks beyond the workers' own, so that the workers keep on while a run is
        // recorded and handed over rather than wait for the delivery (measured: with room for only their own, a fresh
        // run of ten thousand was about a tenth slower).
        _inOrder = new BlockingCollection<Chunk>(2 * parallelism + 2 * DeliveryBatch / ListedChunkSize);
        _todo = new BlockingCollection<Chunk>(2 * parallelism);
        _run = _bridge.Start(Run);
    }

    /// <summary>
    /// On the pipeline thread: queues a source, writing what is ready meanwhile, and waiting while the queue is full.
    /// The sink's Write gets the outcomes as lists, a run at a time.
    /// </summary>
    public void Add(InputSource source) => StoppedIfCancelled(() =>
    {
        _bridge.DeliverAvailable();
        while (!_sources.TryAdd(source))
        {
            Volatile.Write(ref _adderWaiting, 1);
            Volatile.Write(ref _inputWaited, 1);
            if (_sources.TryAdd(source))
            {
                break;
            }
            if (!_bridge.DeliverNext())
            {
                _run.GetAwaiter().GetResult();
                return;
            }
        }
        Volatile.Write(ref _adderWaiting, 0);
    });

    /// <summary>On the pipeline thread: no more sources; writes everything still to come.</summary>
    public void Complete() => StoppedIfCancelled(() =>
    {
        _sources.CompleteAdding();
        _bridge.DeliverToEnd();
        _run.GetAwaiter().GetResult();
    });

    public void Dispose()
    {
        _sources.CompleteAdding();
        _bridge.Dispose();
    }

    private void StoppedIfCancelled(Action step)
    {
        try
        {
            step();
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            throw new System.Management.Automation.PipelineStoppedException();
        }
    }

    /// <summary>Starts the lister, the workers and the delivery; the task ends when all of them have.</summary>
    private Task<bool> Run(CancellationToken cancel)
    {
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var halt = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        Exception? failure = null;
        void Guarded(Action<CancellationToken> body)
        {
            try
            {
                body(halt.Token);
            }
            catch (OperationCanceledException) when (halt.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref failure, e, null);
                halt.Cancel();
            }
        }
        var threads = new List<Thread> { Started("KsefPS lister", () => Guarded(List)) };
        threads.AddRange(Enumerable.Range(1, _parallelism).Select(i => Started($"KsefPS worker {i}", () => Guarded(Work))));
        Started("KsefPS delivery", () =>
        {
            Guarded(DeliverInOrder);
            halt.Cancel();
            threads.ForEach(thread => thread.Join());
            halt.Dispose();
            if (failure is not null)
            {
                done.SetException(failure);
            }
            else if (cancel.IsCancellationRequested)
            {
                done.SetCanceled(cancel);
            }
            else
            {
                done.SetResult(true);
            }
        });
        return done.Task;
    }

    /// <summary>
    /// Fills chunks from the sources: a chunk is handed over when full, or when no further source is waiting (so a file
    /// from the pipeline does not wait for the next one). Chunks start at one file and double up to
    /// <see cref="ChunkSize"/> (<see cref="ListedChunkSize"/> for listed files, so that the workers can keep on while a
    /// gathered run is committed), so that a short run is spread over the workers too.
    /// </summary>
    private void List(CancellationToken stop)
    {
        try
        {
            var chunk = new Chunk();
            var size = 1;
            foreach (var source in _sources.GetConsumingEnumerable(stop))
            {
                if (Volatile.Read(ref _adderWaiting) == 1)
                {
                    _bridge.Wake();
                }
                var fromSource = 0;
                foreach (var outcome in Listed(source))
                {
                    var listed = ++fromSource > 1;
                    chunk.Outcomes.Add(outcome);
                    chunk.MayWait |= listed;
                    var largest = listed ? ListedChunkSize : ChunkSize;
                    size = Math.Min(size, largest);
                    if (chunk.Outcomes.Count >= size)
                    {
                        chunk = HandOver(chunk, stop);
                        size = Math.Min(2 * size, largest);
                    }
                }
                if (chunk.Outcomes.Count > 0 && _sources.Count == 0)
                {
                    _inputOver |= _sources.IsCompleted;
                    chunk = HandOver(chunk, stop);
                }
            }
            _inputOver = true;
            if (chunk.Outcomes.Count > 0)
            {
                HandOver(chunk, stop);
            }
        }
        finally
        {
            _inputOver = true;
            _inOrder.CompleteAdding();
            _todo.CompleteAdding();
        }
    }

    private Chunk HandOver(Chunk chunk, CancellationToken stop)
    {
        chunk.MayWait |= Interlocked.Exchange(ref _inputWaited, 0) == 1;
        _inOrder.Add(chunk, stop);
        _todo.Add(chunk, stop);
        return new Chunk();
    }

    /// <summary>An outcome to fill per file the source names; a listing that fails is an outcome that already holds its error.</summary>
    private IEnumerable<WorkOutcome<TResult>> Listed(InputSource source)
    {
        foreach (var (file, failure) in source.Listing())
        {
            if (failure is not null)
            {
                yield return new WorkOutcome<TResult>(source.Given, default, failure);
            }
            else if (_seen.Add(file!))
            {
                yield return new WorkOutcome<TResult>(file!, default, null);
            }
            else
            {
                _bridge.Narrate($"'{file}' was given more than once; it is done once.");
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Work(CancellationToken stop)
    {
        foreach (var chunk in _todo.GetConsumingEnumerable(stop))
        {
            var outcomes = chunk.Outcomes;
            for (var i = 0; i < outcomes.Count && !stop.IsCancellationRequested; i++)
            {
                if (outcomes[i].Error is not null)
                {
                    continue;
                }
                try
                {
                    outcomes[i] = outcomes[i] with { Result = _work(outcomes[i].Path) };
                }
                catch (Exception e)
                {
                    outcomes[i] = outcomes[i] with { Error = e };
                }
            }
            chunk.Done.Set();
        }
    }

    /// <summary>
    /// Chunks leave in input order, gathered into runs (at most a batch), each run recorded (<c>beforeDelivery</c>) at
    /// once before the pipeline sees it. The first run leaves as soon as the next chunk is unfinished, and so does every
    /// run while the input is slower than the work, so results keep pace with it. Files a folder or a wildcard listed,
    /// and files piped in faster than they can be done, wait up to a tenth of a second for the chunks after them: no input
    /// is held back by that, and ten thousand invoices are recorded in a dozen or two commits instead of a few hundred,
    /// each of which waits for the disk. Once the input is over and only the workers' last chunks are left, the run so
    /// far leaves at once: it is recorded while they finish, and what is left to record after them is a small last run
    /// (a run recorded whole after the work had ended took 30 ms of a fresh run's 0.5 s for ten thousand).
    /// </summary>
    private void DeliverInOrder(CancellationToken stop)
    {
        var run = new List<WorkOutcome<TResult>>();
        var runStarted = 0L;
        var gathering = false;
        var lastRun = false;
        var next = Next(stop);
        while (next is not null)
        {
            if (run.Count > 0 && !lastRun && LastChunksLeft())
            {
                run = Deliver(run);
                lastRun = true;
            }
            else if (run.Count > 0 && !FinishesInTime(next, gathering && next.MayWait, runStarted, stop))
            {
                run = Deliver(run);
            }
            next.Done.Wait(stop);
            next.Done.Dispose();
            if (run.Count == 0)
            {
                runStarted = Stopwatch.GetTimestamp();
            }
            run.AddRange(next.Outcomes);
            gathering = next.MayWait && _delivered;
            next = run.Count < DeliveryBatch ? Next(stop, gathering ? Left(runStarted) : 0) : null;
            if (next is null)
            {
                run = Deliver(run);
                next = Next(stop);
            }
        }
        Deliver(run);
    }

    /// <summary>
    /// The input is over, and the chunks still to come are about as many as the workers do at once and one more each. Not
    /// the collection's own end of adding: the lister may wait to hand its last chunk to the workers long after the
    /// delivery has taken it (seen in CI).
    /// </summary>
    private bool LastChunksLeft() => _inputOver && _inOrder.Count + 1 <= 2 * _parallelism;

    /// <summary>Whether the chunk is done, or (gathering) gets done before the run has waited its time.</summary>
    private bool FinishesInTime(Chunk chunk, bool gather, long runStarted, CancellationToken stop) =>
        chunk.Done.IsSet || (gather && chunk.Done.Wait(Left(runStarted), stop));

    /// <summary>The milliseconds left of the time a gathered run may wait for more.</summary>
    private int Left(long runStarted) =>
        (int)Math.Ceiling(Math.Max(0, _gatherTicks - (Stopwatch.GetTimestamp() - runStarted)) * 1000.0 / Stopwatch.Frequency);

    /// <summary>
    /// The next chunk in input order, if one is handed over within <paramref name="patienceMs"/> (by default, waiting
    /// for it); none when the listing is over.
    /// </summary>
    private Chunk? Next(CancellationToken stop, int patienceMs = Timeout.Infinite) => _inOrder.TryTake(out var ready, patienceMs, stop) ? ready : null;

    private List<WorkOutcome<TResult>> Deliver(List<WorkOutcome<TResult>> run)
    {
        if (run.Count == 0)
        {
            return run;
        }
        _beforeDelivery?.Invoke(run.Where(o => o.Error is null).Select(o => o.Result!).ToList(), _bridge.Narrate);
        _bridge.Emit(run);
        _delivered = true;
        return [];
    }

    private static Thread Started(string name, Action body)
    {
        var thread = new Thread(() => body()) { IsBackground = true, Name = name };
        thread.Start();
        return thread;
    }
}

using System.Collections.Concurrent;
using System.Management.Automation;
using KsefPS.Core.Errors;
using KsefPS.Infrastructure;

namespace KsefPS.Tests;

/// <summary>
/// The one bridge between background work and the pipeline thread (PipelineBridge), and the ordered parallel work
/// built on it (OrderedParallelWork), without PowerShell: the thread that pumps stands for the pipeline thread.
/// </summary>
public sealed class PipelineBridgeTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private const int Batch = OrderedParallelWork<string>.DeliveryBatch;
    private readonly string _folder = Directory.CreateTempSubdirectory("ksefps-bridge-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task What_the_work_says_reaches_the_pumping_thread_in_the_order_it_was_said()
    {
        var pump = Environment.CurrentManagedThreadId;
        var heard = new List<string>();
        var threads = new HashSet<int>();
        var sink = new PipelineSink(
            value => { heard.Add($"object {value}"); threads.Add(Environment.CurrentManagedThreadId); },
            text => { heard.Add($"verbose {text}"); threads.Add(Environment.CurrentManagedThreadId); },
            (status, percent) => { heard.Add($"progress {status} {percent}"); threads.Add(Environment.CurrentManagedThreadId); });
        using var bridge = new PipelineBridge(sink, CancellationToken.None, capacity: 2);
        var workThread = 0;
        var work = bridge.Start(async cancel =>
        {
            workThread = Environment.CurrentManagedThreadId;
            for (var i = 0; i < 50; i++)
            {
                bridge.Emit(i);
                bridge.Narrate($"said {i}");
                await Task.Yield();
            }
            bridge.Report("half", 50);
            return 7;
        });

        bridge.DeliverToEnd();

        Assert.Equal([pump], threads);
        Assert.NotEqual(pump, workThread);
        Assert.Equal(Enumerable.Range(0, 50).SelectMany(i => new[] { $"object {i}", $"verbose said {i}" }).Append("progress half 50"), heard);
        Assert.Equal(7, await work);
    }

    [Fact]
    public void A_pipeline_that_stops_reading_cancels_the_work_and_waits_for_it()
    {
        var sink = new PipelineSink(_ => throw new PipelineStoppedException(), _ => { }, (_, _) => { });
        using var bridge = new PipelineBridge(sink, CancellationToken.None);
        var sawCancellation = false;
        var work = bridge.Start(async cancel =>
        {
            bridge.Emit("first");
            try
            {
                await Task.Delay(Patience, cancel);
            }
            catch (OperationCanceledException)
            {
                sawCancellation = true;
                throw;
            }
            return 0;
        });

        Assert.Throws<PipelineStoppedException>(bridge.DeliverToEnd);
        Assert.True(work.IsCompleted);
        Assert.True(sawCancellation);
    }

    [Fact]
    public async Task Ctrl_C_reaches_the_work_and_the_pumping_thread_stops_waiting()
    {
        using var stopping = new CancellationTokenSource();
        using var bridge = new PipelineBridge(new PipelineSink(_ => { }, _ => { }, (_, _) => { }), stopping.Token);
        using var started = new ManualResetEventSlim();
        var work = bridge.Start(async cancel =>
        {
            started.Set();
            await Task.Delay(Patience, cancel);
            return 0;
        });
        Assert.True(started.Wait(Patience));

        stopping.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(bridge.DeliverToEnd);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => work);
    }

    [Fact]
    public async Task The_works_own_failure_comes_back_after_what_it_said()
    {
        var heard = new List<object>();
        using var bridge = new PipelineBridge(new PipelineSink(heard.Add, _ => { }, (_, _) => { }), CancellationToken.None);
        var work = bridge.Start<int>(_ =>
        {
            bridge.Emit("before");
            throw new KsefException(ErrorIds.InvoiceInvalid, KsefErrorKind.InvalidData, "broken");
        });

        bridge.DeliverToEnd();

        Assert.Equal(["before"], heard);
        Assert.Equal(ErrorIds.InvoiceInvalid, (await Assert.ThrowsAsync<KsefException>(() => work)).ErrorId);
    }

    [Fact]
    public void Files_are_worked_on_in_parallel_and_come_out_in_input_order_each_recorded_first()
    {
        var files = Enumerable.Range(0, 300).Select(i => File($"f-{i:D3}.xml")).ToList();
        var pump = Environment.CurrentManagedThreadId;
        using var twoAtOnce = new Barrier(2);
        var threads = new ConcurrentDictionary<int, bool>();
        var met = true;
        var recorded = new ConcurrentDictionary<string, bool>();
        var delivered = new List<string>();
        string Work(string path)
        {
            if (threads.TryAdd(Environment.CurrentManagedThreadId, true) && threads.Count <= 2)
            {
                // The first file of each of two threads waits for the other's: met only if two run at once.
                met &= twoAtOnce.SignalAndWait(Patience);
            }
            return path;
        }
        var sink = new PipelineSink(value =>
        {
            Assert.Equal(pump, Environment.CurrentManagedThreadId);
            foreach (var outcome in (IReadOnlyList<WorkOutcome<string>>)value)
            {
                Assert.True(recorded.ContainsKey(outcome.Result!), $"{outcome.Path} reached the pipeline before it was recorded");
                delivered.Add(outcome.Result!);
            }
        }, _ => { }, (_, _) => { });
        using var work = new OrderedParallelWork<string>(sink, CancellationToken.None, 2, Work, (run, _) =>
        {
            foreach (var path in run)
            {
                recorded[path] = true;
            }
        });

        work.Add(new InputSource("folder", _folder, null, "*.xml", ErrorIds.InvoiceUnreadable));
        work.Complete();

        Assert.True(met);
        Assert.Equal(Directory.EnumerateFiles(_folder, "*.xml"), delivered);
        Assert.Equal(files.Order(StringComparer.Ordinal), delivered.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Files_a_folder_lists_are_recorded_in_runs_of_a_batch()
    {
        var files = Enumerable.Range(0, 4 * Batch).Select(i => File($"r-{i:D4}.xml")).ToList();
        var runs = new List<int>();
        var delivered = new List<string>();
        using var work = new OrderedParallelWork<string>(
            new PipelineSink(value => delivered.AddRange(((IReadOnlyList<WorkOutcome<string>>)value).Select(o => o.Result!)), _ => { }, (_, _) => { }),
            CancellationToken.None, 2, path => path, (run, _) => runs.Add(run.Count), gatherFor: Patience);

        work.Add(new InputSource("folder", _folder, null, "*.xml", ErrorIds.InvoiceUnreadable));
        work.Complete();

        Assert.Equal(Directory.EnumerateFiles(_folder, "*.xml"), delivered);
        Assert.Equal(files.Count, runs.Sum());
        // The first run leaves with what is done by then; after it, only a full batch closes a run until the end draws
        // near: then the run so far leaves, and the last run holds no more than the chunks the two workers had left (two
        // each) and the last one, which may not have been handed over yet when the run so far left.
        Assert.All(runs.Skip(1).SkipLast(2), size => Assert.InRange(size, Batch, Batch + OrderedParallelWork<string>.ListedChunkSize));
        Assert.InRange(runs[^1], 1, 5 * OrderedParallelWork<string>.ListedChunkSize);
        Assert.InRange(runs.Count, 5, 7);
    }

    [Fact]
    public void The_workers_keep_on_for_a_run_ahead_while_a_run_is_being_recorded()
    {
        Enumerable.Range(0, 4 * Batch).ToList().ForEach(i => File($"a-{i:D4}.xml"));
        var done = 0;
        var runs = 0;
        var recorded = 0;
        var keptOn = false;
        using var work = new OrderedParallelWork<string>(new PipelineSink(_ => { }, _ => { }, (_, _) => { }), CancellationToken.None, 2,
            path =>
            {
                Interlocked.Increment(ref done);
                return path;
            },
            (run, _) =>
            {
                // The second run is recorded as slowly as a disk may take: meanwhile the workers do a run's worth more.
                if (++runs == 2)
                {
                    keptOn = SpinWait.SpinUntil(() => Volatile.Read(ref done) >= recorded + run.Count + Batch, Patience);
                }
                recorded += run.Count;
            }, gatherFor: Patience);

        work.Add(new InputSource("folder", _folder, null, "*.xml", ErrorIds.InvoiceUnreadable));
        work.Complete();

        Assert.True(keptOn);
        Assert.Equal(4 * Batch, recorded);
    }

    [Fact]
    public void Files_piped_in_faster_than_they_are_done_are_recorded_in_runs_of_a_batch()
    {
        var files = Enumerable.Range(0, 4 * Batch).Select(i => File($"q-{i:D4}.xml")).ToList();
        var runs = new List<int>();
        var delivered = new List<string>();
        var weight = new byte[128 * 1024];
        using var work = new OrderedParallelWork<string>(
            new PipelineSink(value => delivered.AddRange(((IReadOnlyList<WorkOutcome<string>>)value).Select(o => o.Result!)), _ => { }, (_, _) => { }),
            CancellationToken.None, 2, path =>
            {
                // Each file costs the work far more than handing it over costs the input, so the input waits on the work.
                System.Security.Cryptography.SHA256.HashData(weight);
                return path;
            }, (run, _) => runs.Add(run.Count), gatherFor: Patience);

        foreach (var file in files)
        {
            work.Add(InputSource.OfFile(file, ErrorIds.InvoiceUnreadable));
        }
        work.Complete();

        Assert.Equal(files, delivered);
        // Run by run as each is done, this would be one or two chunks of at most 32 files a run: a hundred runs or more.
        Assert.InRange(runs.Count, 4, 20);
    }

    [Fact]
    public void A_gathered_run_leaves_after_its_time_even_when_the_next_file_is_not_done()
    {
        foreach (var i in Enumerable.Range(0, 300))
        {
            File($"t-{i:D3}.xml");
        }
        var last = Directory.EnumerateFiles(_folder, "*.xml").Last();
        using var earlierOut = new ManualResetEventSlim();
        var delivered = 0;
        var waitedOut = true;
        using var work = new OrderedParallelWork<string>(new PipelineSink(value =>
            {
                if ((delivered += ((IReadOnlyList<WorkOutcome<string>>)value).Count) >= 200)
                {
                    earlierOut.Set();
                }
            }, _ => { }, (_, _) => { }),
            CancellationToken.None, 2, path =>
            {
                // Done only once the files before it are out: a run that waited for it without end would never be.
                if (path == last)
                {
                    waitedOut = earlierOut.Wait(Patience);
                }
                return path;
            }, gatherFor: TimeSpan.FromMilliseconds(50));

        work.Add(new InputSource("folder", _folder, null, "*.xml", ErrorIds.InvoiceUnreadable));
        work.Complete();

        Assert.True(waitedOut);
        Assert.Equal(300, delivered);
    }

    [Fact]
    public void Files_from_the_pipeline_come_out_in_the_order_they_came_in()
    {
        var files = Enumerable.Range(0, 200).Select(i => File($"p-{i:D3}.xml")).Reverse().ToList();
        var delivered = new List<string>();
        using var work = new OrderedParallelWork<string>(new PipelineSink(value => delivered.AddRange(((IReadOnlyList<WorkOutcome<string>>)value).Select(o => o.Result!)), _ => { }, (_, _) => { }),
            CancellationToken.None, 4, path => path);

        foreach (var file in files)
        {
            work.Add(InputSource.OfFile(file, ErrorIds.InvoiceUnreadable));
        }
        work.Complete();

        Assert.Equal(files, delivered);
    }

    [Fact]
    public void A_folder_a_wildcard_and_a_file_named_twice_are_listed_off_the_pumping_thread_each_file_once()
    {
        foreach (var name in new[] { "a.xml", "b.XML", "c.txt", ".hidden.xml" })
        {
            File(name);
        }
        var sub = Directory.CreateDirectory(Path.Combine(_folder, "empty")).FullName;
        var pump = Environment.CurrentManagedThreadId;
        var workedOn = new ConcurrentBag<int>();
        var outcomes = new List<WorkOutcome<string>>();
        var narrated = new List<string>();
        using var work = new OrderedParallelWork<string>(
            new PipelineSink(value => outcomes.AddRange((IReadOnlyList<WorkOutcome<string>>)value), narrated.Add, (_, _) => { }),
            CancellationToken.None, 2, path =>
            {
                workedOn.Add(Environment.CurrentManagedThreadId);
                return Path.GetFileName(path);
            });

        work.Add(new InputSource("folder", _folder, null, "*.xml", ErrorIds.InvoiceUnreadable));
        work.Add(new InputSource("?.txt", _folder, new WildcardPattern("?.txt", WildcardOptions.IgnoreCase), null, ErrorIds.InvoiceUnreadable));
        work.Add(InputSource.OfFile(Path.Combine(_folder, "a.xml"), ErrorIds.InvoiceUnreadable));
        work.Add(new InputSource("nothing*.xml", _folder, new WildcardPattern("nothing*.xml", WildcardOptions.IgnoreCase), null, ErrorIds.InvoiceUnreadable));
        work.Add(new InputSource("empty", sub, null, "*.xml", ErrorIds.InvoiceUnreadable));
        work.Complete();

        Assert.DoesNotContain(pump, workedOn);
        Assert.Equal(["a.xml", "b.XML"], outcomes.Take(2).Select(o => o.Result).Order(StringComparer.Ordinal));
        Assert.Equal("c.txt", outcomes[2].Result);
        Assert.Equal(["nothing*.xml", "empty"], outcomes.Skip(3).Select(o => o.Path));
        Assert.All(outcomes.Skip(3), o => Assert.Equal(ErrorIds.InvoiceUnreadable, Assert.IsType<KsefException>(o.Error).ErrorId));
        Assert.Equal(5, outcomes.Count);
        Assert.Contains(narrated, n => n.Contains("more than once"));
    }

    [Fact]
    public void A_failing_file_is_its_own_outcome_and_the_rest_go_on()
    {
        var files = Enumerable.Range(0, 40).Select(i => File($"g-{i:D2}.xml")).ToList();
        var outcomes = new List<WorkOutcome<string>>();
        using var work = new OrderedParallelWork<string>(new PipelineSink(value => outcomes.AddRange((IReadOnlyList<WorkOutcome<string>>)value), _ => { }, (_, _) => { }),
            CancellationToken.None, 3, path => path.EndsWith("g-13.xml", StringComparison.Ordinal) ? throw new IOException("unreadable") : path);

        work.Add(new InputSource("folder", _folder, null, "*.xml", ErrorIds.InvoiceUnreadable));
        work.Complete();

        Assert.Equal(files.Order(StringComparer.Ordinal), outcomes.Select(o => o.Path).Order(StringComparer.Ordinal));
        Assert.IsType<IOException>(Assert.Single(outcomes, o => o.Error is not null).Error);
    }

    [Fact]
    public void Stopping_the_pipeline_stops_the_workers()
    {
        var files = Enumerable.Range(0, 200).Select(i => File($"h-{i:D3}.xml")).ToList();
        using var stopping = new CancellationTokenSource();
        var calls = 0;
        using var work = new OrderedParallelWork<string>(new PipelineSink(_ => stopping.Cancel(), _ => { }, (_, _) => { }),
            stopping.Token, 2, path =>
            {
                Interlocked.Increment(ref calls);
                if (string.CompareOrdinal(Path.GetFileName(path), "h-040.xml") >= 0)
                {
                    // Later files hold their worker until the stop, so the first run is delivered while work remains.
                    stopping.Token.WaitHandle.WaitOne(Patience);
                }
                return path;
            });

        Assert.Throws<PipelineStoppedException>(() =>
        {
            foreach (var file in files)
            {
                work.Add(InputSource.OfFile(file, ErrorIds.InvoiceUnreadable));
            }
            work.Complete();
        });
        var afterStop = Volatile.Read(ref calls);

        Assert.True(afterStop < files.Count, $"{afterStop} of {files.Count} files were worked on after the pipeline stopped");
        Assert.Equal(afterStop, Volatile.Read(ref calls));
    }

    private string File(string name)
    {
        var path = Path.Combine(_folder, name);
        System.IO.File.WriteAllText(path, name);
        return path;
    }
}

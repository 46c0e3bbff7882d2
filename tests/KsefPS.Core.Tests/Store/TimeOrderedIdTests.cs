using KsefPS.Core.Store;

namespace KsefPS.Core.Tests.Store;

public class TimeOrderedIdTests
{
    private static readonly DateTimeOffset Moment = new(2026, 12, 4, 10, 30, 15, 123, TimeSpan.Zero);

    [Fact]
    public void The_time_comes_first_then_version_7_and_the_RFC_variant()
    {
        var text = TimeOrderedId.New(Moment).ToString();
        Assert.Equal(Moment.ToUnixTimeMilliseconds().ToString("x12"), text[..8] + text[9..13]);
        Assert.Equal('7', text[14]);
        Assert.Contains(text[19], "89ab");
    }

    [Fact]
    public void Later_ids_sort_after_earlier_ones_as_text()
    {
        var ids = Enumerable.Range(0, 2000).Select(i => TimeOrderedId.New(Moment.AddMilliseconds(i * 7919 % 2000)))
            .Select(id => id.ToString()).ToList();
        var byText = ids.OrderBy(id => id, StringComparer.Ordinal).ToList();
        var byTime = ids.Select((id, i) => (id, at: i * 7919 % 2000)).OrderBy(x => x.at).Select(x => x.id).ToList();
        Assert.Equal(byTime, byText);
    }

    [Fact]
    public void Ids_made_in_the_same_millisecond_differ()
    {
        var ids = Enumerable.Range(0, 10_000).Select(_ => TimeOrderedId.New(Moment)).ToHashSet();
        Assert.Equal(10_000, ids.Count);
    }

    [Fact]
    public void Ids_made_on_several_threads_at_once_differ()
    {
        var ids = new System.Collections.Concurrent.ConcurrentBag<Guid>();
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ =>
        {
            for (var i = 0; i < 2_000; i++)
            {
                ids.Add(TimeOrderedId.New(Moment));
            }
        });
        Assert.Equal(8_000, ids.Distinct().Count());
    }
}

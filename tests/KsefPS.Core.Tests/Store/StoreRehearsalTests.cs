using KsefPS.Core.Store;

namespace KsefPS.Core.Tests.Store;

public class StoreRehearsalTests
{
    [Fact]
    public void Every_step_of_the_rehearsal_runs_to_its_end()
    {
        // Run answers false when any step throws: a statement SQLite refuses, a row that does not read back, a key
        // that does not match its certificate.
        Assert.True(StoreRehearsal.Run());
    }

    [Fact]
    public void Rehearsals_on_several_threads_at_once_share_nothing()
    {
        var results = new bool[4];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = results.Length }, i => results[i] = StoreRehearsal.Run());
        Assert.All(results, Assert.True);
    }
}

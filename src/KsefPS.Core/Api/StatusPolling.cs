using System.Text.Json.Nodes;

namespace KsefPS.Core.Api;

/// <summary>
/// KSeF's asynchronous operations (authentication, enrollment) answer <c>{status: {code, description, details}}</c>:
/// 100 while working, 200 when done, anything else a failure. Polls without fixed sleeps: a short first wait, then
/// doubling up to a second, until a deadline.
/// </summary>
internal static class StatusPolling
{
    private static readonly TimeSpan FirstWait = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(1);

    public sealed record Failure(int Code, string Description, IReadOnlyList<string> Details)
    {
        public override string ToString() => $"{Code} {Description}" + (Details.Count > 0 ? $" ({string.Join("; ", Details)})" : "");

        public KsefServerError AsServerError(string referenceNumber) =>
            new(200, [new KsefErrorEntry(Code, Description, Details)], referenceNumber, null, null);
    }

    /// <summary>
    /// Polls with the same pacing until <paramref name="done"/> holds or the deadline would pass; returns the last answer
    /// either way (the caller decides what an unfinished answer means).
    /// </summary>
    public static Task<T> UntilAsync<T>(Func<Task<T>> poll, Func<T, bool> done, TimeSpan timeout, CancellationToken cancellation) =>
        PollAsync(poll, done, timeout, wait => Task.Delay(wait, cancellation));

    /// <summary>The answer whose code is 200; <paramref name="failed"/> and <paramref name="timedOut"/> make the exceptions.</summary>
    public static async Task<JsonNode> UntilDoneAsync(Func<Task<JsonNode>> poll, TimeSpan timeout, Func<TimeSpan, Task> wait,
        Func<Failure, Exception> failed, Func<Exception> timedOut)
    {
        var answer = await PollAsync(poll, a => Code(a) != 100, timeout, wait).ConfigureAwait(false);
        var code = Code(answer);
        if (code == 200)
        {
            return answer;
        }
        if (code == 100)
        {
            throw timedOut();
        }
        var status = answer["status"]!;
        throw failed(new Failure(code, AnswerValues.Text(status["description"]) ?? "",
            AnswerValues.Items(status["details"]).Select(d => d.ToString()).ToList()));
    }

    private static int Code(JsonNode answer) => RequiredValues.Number(answer, "status", "code");

    /// <summary>The one polling loop: a short first wait, doubling up to <see cref="LongestWait"/>, until done or the deadline.</summary>
    private static async Task<T> PollAsync<T>(Func<Task<T>> poll, Func<T, bool> done, TimeSpan timeout, Func<TimeSpan, Task> wait)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        var next = FirstWait;
        while (true)
        {
            var answer = await poll().ConfigureAwait(false);
            if (done(answer) || DateTimeOffset.UtcNow + next > deadline)
            {
                return answer;
            }
            await wait(next).ConfigureAwait(false);
            next = TimeSpan.FromTicks(Math.Min(next.Ticks * 2, LongestWait.Ticks));
        }
    }
}

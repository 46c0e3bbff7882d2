using System.Collections.Concurrent;
using KsefPS.Emulator.Security;

namespace KsefPS.Emulator.Infrastructure;

/// <summary>Faults on demand, and a count of every request received per "METHOD path" (for "nothing sent twice" checks).</summary>
public sealed class FaultInjection(MfCertificates keys)
{
    private readonly object _gate = new();
    private readonly List<(FaultRule Rule, int Passed, int Remaining)> _rules = [];
    private readonly ConcurrentDictionary<string, int> _received = new();

    public IReadOnlyDictionary<string, int> Received => _received;

    public void Add(FaultRule rule)
    {
        lock (_gate)
        {
            _rules.Add((rule, 0, rule.Times));
        }
    }

    /// <summary>Retires every rule; the request counts stay (a test compares them before and after).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _rules.Clear();
        }
    }

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path.Value ?? "";
        if (path.StartsWith("/emulator/", StringComparison.Ordinal))
        {
            await next(context);
            return;
        }
        _received.AddOrUpdate($"{context.Request.Method} {path}", 1, (_, n) => n + 1);
        // KSeF TEST answers a forced technical warning (UPDATES.md, 2.6.0): the request header comes back as X-System-Warning.
        if (context.Request.Headers.TryGetValue("X-Test-System-Warning", out var forced))
        {
            var text = string.IsNullOrWhiteSpace(forced) ? "Test system warning." : forced.ToString();
            context.Response.OnStarting(() =>
            {
                context.Response.Headers["X-System-Warning"] = text;
                return Task.CompletedTask;
            });
        }
        var rule = Take(context.Request.Method, path);
        switch (rule?.Kind)
        {
            case null:
                await next(context);
                return;
            case "TooManyRequests":
                await Errors.WriteTooManyRequests(context, rule.RetryAfterSeconds, "Fault injected by the test.");
                return;
            case "Refuse":
                await Errors.BadRequest(context, rule.ExceptionCode, "Injected refusal", "Fault injected by the test.").ExecuteAsync(context);
                return;
            case "ServerError":
                context.Response.StatusCode = rule.Status;
                await context.Response.WriteAsync("{\"status\":{\"code\":" + rule.Status + ",\"description\":\"Injected fault\"}}");
                return;
            case "Delay":
                await Task.Delay(rule.DelayMs, context.RequestAborted);
                await next(context);
                return;
            case "DropBefore":
                context.Abort();
                return;
            case "DropAfter":
                await ProcessHoldingAnswerAsync(context, next);
                context.Abort();
                return;
            case "Rewrite":
                await RewriteAsync(context, next, rule);
                return;
            case "RotateKeys":
                await RotateKeysAfterAsync(context, next);
                return;
            case "SystemWarning":
                context.Response.OnStarting(() =>
                {
                    context.Response.Headers["X-System-Warning"] = rule.ReplaceWith;
                    return Task.CompletedTask;
                });
                await next(context);
                return;
        }
        await next(context);
    }

    /// <summary>Processes the request with its answer's body held back: the caller decides what, if anything, goes out.</summary>
    private static async Task<byte[]> ProcessHoldingAnswerAsync(HttpContext context, RequestDelegate next)
    {
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        await next(context);
        context.Response.Body = original;
        return buffer.ToArray();
    }

    /// <summary>
    /// Processes the request, rotates the encryption keys, then answers: the client reads the answer of a KSeF that
    /// has rotated its keys since (a key list that is already out of date, when the rule is on the list).
    /// </summary>
    private async Task RotateKeysAfterAsync(HttpContext context, RequestDelegate next)
    {
        var answer = await ProcessHoldingAnswerAsync(context, next);
        keys.Rotate();
        await context.Response.Body.WriteAsync(answer, context.RequestAborted);
    }

    private static async Task RewriteAsync(HttpContext context, RequestDelegate next, FaultRule rule)
    {
        var answer = await ProcessHoldingAnswerAsync(context, next);
        var text = rule.Find.Length == 0 ? rule.ReplaceWith : System.Text.Encoding.UTF8.GetString(answer).Replace(rule.Find, rule.ReplaceWith, StringComparison.Ordinal);
        var body = System.Text.Encoding.UTF8.GetBytes(text);
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    private FaultRule? Take(string method, string path)
    {
        lock (_gate)
        {
            for (var i = 0; i < _rules.Count; i++)
            {
                var (rule, passed, remaining) = _rules[i];
                if (path.StartsWith(rule.PathPrefix, StringComparison.Ordinal) && (rule.PathSuffix is null || path.EndsWith(rule.PathSuffix, StringComparison.Ordinal))
                    && (rule.Method is null || string.Equals(rule.Method, method, StringComparison.OrdinalIgnoreCase)))
                {
                    if (passed < rule.After)
                    {
                        _rules[i] = (rule, passed + 1, remaining);
                        continue;
                    }
                    if (remaining <= 1)
                    {
                        _rules.RemoveAt(i);
                    }
                    else
                    {
                        _rules[i] = (rule, passed, remaining - 1);
                    }
                    return rule;
                }
            }
            return null;
        }
    }
}

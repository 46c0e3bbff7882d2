using System.Diagnostics;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json.Nodes;

namespace KsefPS.Testing;

/// <summary>
/// The KSeF emulator as a real process on a free loopback port, started by a test and stopped with it. Settings are
/// passed as configuration switches, e.g. "--Emulator:AccessTokenLifetime=00:00:02".
/// </summary>
public sealed class EmulatorProcess : IDisposable
{
    private readonly Process _process;
    private readonly HttpClient _control;

    private EmulatorProcess(Process process, Uri url)
    {
        _process = process;
        Url = url;
        _control = new HttpClient { BaseAddress = url };
    }

    public Uri Url { get; }

    public static EmulatorProcess Start(params string[] settings)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(EmulatorDll());
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        foreach (var setting in settings)
        {
            start.ArgumentList.Add(setting);
        }
        var process = Process.Start(start)!;
        var ready = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            const string marker = "KSeF emulator listening on ";
            if (e.Data?.StartsWith(marker, StringComparison.Ordinal) == true)
            {
                ready.TrySetResult(new Uri(e.Data[marker.Length..].Trim()));
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"The emulator exited with code {process.ExitCode} before it listened."));
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!ready.Task.Wait(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The emulator did not report its address within 60 s.");
        }
        return new EmulatorProcess(process, ready.Task.Result);
    }

    public void AddFault(object rule) =>
        _control.PostAsJsonAsync("emulator/faults", rule).GetAwaiter().GetResult().EnsureSuccessStatusCode();

    public void ClearFaults() => _control.DeleteAsync("emulator/faults").GetAwaiter().GetResult().EnsureSuccessStatusCode();

    /// <summary>Puts <paramref name="count"/> invoices into the emulator as if other sellers had sent them ({n} in the XML counts up).</summary>
    public void SeedInvoices(string xml, int count) =>
        _control.PostAsJsonAsync("emulator/invoices", new { xml, count }).GetAwaiter().GetResult().EnsureSuccessStatusCode();

    /// <summary>How many requests the emulator received for "METHOD /path".</summary>
    public int Received(string methodAndPath)
    {
        var counts = _control.GetFromJsonAsync<JsonObject>("emulator/requests").GetAwaiter().GetResult()!;
        return counts[methodAndPath]?.GetValue<int>() ?? 0;
    }

    public int ReceivedStartingWith(string prefix)
    {
        var counts = _control.GetFromJsonAsync<JsonObject>("emulator/requests").GetAwaiter().GetResult()!;
        return counts.Where(p => p.Key.StartsWith(prefix, StringComparison.Ordinal)).Sum(p => p.Value!.GetValue<int>());
    }

    public void Dispose()
    {
        _control.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process.Dispose();
    }

    private static string EmulatorDll()
    {
        var configuration = typeof(EmulatorProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "KsefPS.sln")))
        {
            directory = directory.Parent;
        }
        var dll = Path.Combine(directory!.FullName, "src", "KsefPS.Emulator", "bin", configuration, "net10.0", "KsefPS.Emulator.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the emulator first (its test projects reference it).", dll);
    }
}

<#
.SYNOPSIS
    Protect-KsefInvoice's engine without the cmdlet: KsefPS.Core protecting a folder of invoices from C#, in a fresh pwsh
    (the same runtime and settings as the cmdlet), with no PowerShell pipeline, parameter binding or output objects.
    The same work as `Protect-KsefInvoice <folder> -SkipSchemaValidation`: open the store and the Offline key, list the
    folder, read, check and hash each invoice, build both links, sign KOD II (Parallel.ForEach over the cores), and
    record the results in the store's offline queue on a thread of its own, in commits of up to 1,024 gathered for up to
    a tenth of a second (the last run small) as the cmdlet does, before they count as done; and close the store, as the
    cmdlet does at its end.
    It tells the engine's share of a run from PowerShell's. -WithoutQueue does the same but records nothing (the store
    is still opened, and closed at the end): what the durable offline queue costs a run. Prints one line of JSON: the
    rate of the first pass and of the last of -Passes, each on a fresh copy of the store, as bench/Protect.ps1 does.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $InvoiceDirectory,
    [Parameter(Mandatory)] [string] $StorePath,
    [Parameter(Mandatory)] [string] $Certificate,
    [int] $Passes = 3,
    [switch] $WithoutQueue
)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'BenchSupport.ps1')
$core = Import-KsefEngine $ModulePath
# What the module does when it is imported: the store's first use rehearsed on another thread.
[KsefPS.Core.Store.StoreRehearsal]::Start()
$references = @($core, 'System.Runtime', 'System.Collections', 'System.Collections.Concurrent', 'System.Linq', 'System.Threading',
    'System.Threading.Tasks.Parallel', 'System.Security.Cryptography')
# KsefPS.Core targets an older .NET than this PowerShell; the compiler's note that their references match is expected.
Add-Type -IgnoreWarnings -WarningAction SilentlyContinue -ReferencedAssemblies $references -TypeDefinition @"
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using KsefPS.Core.Offline;
using KsefPS.Core.Store;

public static class EngineProtectBench
{
    // As the cmdlet records them: up to this many in a commit, gathered for up to a tenth of a second.
    private const int Batch = 1024;

    public static double PerSecond(string folder, string storePath, string certificate, bool record)
    {
        var watch = Stopwatch.StartNew();
        _ = ProtectorPrecompilation.Start(images: false);
        using var store = KsefStore.Open(storePath);
        var entry = store.ListCertificates().First(c => c.Name == certificate);
        using var keyed = store.OpenCertificate(entry);
        using var protector = new OfflineProtector(keyed, entry.Environment, null, OfflineMode.Offline24, null, null,
            Array.Empty<QrImageFormat>(), validateSchema: false);
        var files = Directory.GetFiles(folder, "*.xml");
        var protectedInvoices = new BlockingCollection<ProtectedInvoice>();
        var recorder = Task.Factory.StartNew(() =>
        {
            // As the cmdlet does: a run inserted and committed at once, and the run so far recorded as soon as only the
            // workers' last chunks (two each of 128) are left, so that the last run is small.
            using var queue = store.OpenOfflineQueueWriter();
            var recorded = 0;
            var lastRun = false;
            var batch = new List<ProtectedInvoice>(Batch);
            var gathering = Stopwatch.StartNew();
            void Record()
            {
                if (record)
                {
                    queue.Add(batch);
                    queue.Commit();
                }
                recorded += batch.Count;
                batch.Clear();
            }
            foreach (var invoice in protectedInvoices.GetConsumingEnumerable())
            {
                if (batch.Count == 0)
                {
                    gathering.Restart();
                }
                batch.Add(invoice);
                var endNear = !lastRun && files.Length - recorded - batch.Count <= 2 * Environment.ProcessorCount * 128;
                if (batch.Count == Batch || gathering.ElapsedMilliseconds >= 100 || endNear)
                {
                    lastRun |= endNear;
                    Record();
                }
            }
            Record();
            return recorded;
        }, TaskCreationOptions.LongRunning);
        try
        {
            Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
                path => protectedInvoices.Add(protector.Protect(path)));
        }
        finally
        {
            protectedInvoices.CompleteAdding();
        }
        var recorded = recorder.Result;
        // Closing the store, where SQLite copies its log into the database, ends the cmdlet's call too.
        store.Dispose();
        return recorded / watch.Elapsed.TotalSeconds;
    }
}
"@

# Each pass on a fresh copy of the store as it was given, so that every pass queues its invoices anew.
$pristine = Save-StoreFiles $StorePath
try {
    $rates = foreach ($pass in 1..$Passes) {
        if ($pass -gt 1) { Restore-StoreFiles $StorePath $pristine }
        [EngineProtectBench]::PerSecond($InvoiceDirectory, $StorePath, $Certificate, -not $WithoutQueue)
    }
}
finally {
    Remove-Item -Recurse -Force $pristine
}
[pscustomobject]@{ FirstPass = @($rates)[0]; WarmPass = @($rates)[-1] } | ConvertTo-Json -Compress

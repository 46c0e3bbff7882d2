<#
.SYNOPSIS
    The token alone: how many ECDSA signatures a PKCS#11 token gives over ready SHA-256 hashes, through the same
    Pkcs11Interop the module uses, on -Parallelism threads that each keep a session of their own (as the module's
    signing threads do). No invoice is read, checked, linked or queued: the ceiling of Protect-KsefInvoice's token path,
    for bench/TokenProtect.ps1 to report beside it.
    Signs with the first EC private key it finds on the token labelled -TokenLabel. Prints one line of JSON with the rate.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $Pkcs11Library,
    [Parameter(Mandatory)] [string] $TokenLabel,
    [Parameter(Mandatory)] [string] $Pin,
    [int] $Signatures = 10000,
    [int] $Parallelism = [Environment]::ProcessorCount
)
$ErrorActionPreference = 'Stop'
$interop = Join-Path (Resolve-Path $ModulePath).Path 'deps/Pkcs11Interop.dll'
$null = [Reflection.Assembly]::LoadFrom($interop)
Add-Type -ReferencedAssemblies $interop, netstandard, System.Collections, System.Linq, System.Runtime.InteropServices, System.Threading, System.Threading.Tasks.Parallel -TypeDefinition @'
using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

public static class KsefTokenSigning
{
    public static double Rate(string library, string label, string pin, int signatures, int parallelism)
    {
        // As the module does (Pkcs11/Pkcs11Libraries): the "libdl" Pkcs11Interop asks for is libdl.so.2 on Linux.
        if (OperatingSystem.IsLinux())
        {
            NativeLibrary.SetDllImportResolver(typeof(Pkcs11InteropFactories).Assembly, (name, assembly, searchPath) =>
                name == "libdl" && (NativeLibrary.TryLoad("libdl.so.2", out var handle) || NativeLibrary.TryLoad("libc.so.6", out handle)) ? handle : IntPtr.Zero);
        }
        var factories = new Pkcs11InteropFactories();
        using var pkcs11 = factories.Pkcs11LibraryFactory.LoadPkcs11Library(factories, library, AppType.MultiThreaded);
        var slot = pkcs11.GetSlotList(SlotsType.WithTokenPresent).Single(s => s.GetTokenInfo().Label.TrimEnd() == label);
        using var login = slot.OpenSession(SessionType.ReadOnly);
        login.Login(CKU.CKU_USER, pin);
        var key = login.FindAllObjects(new List<IObjectAttribute>
        {
            factories.ObjectAttributeFactory.Create(CKA.CKA_CLASS, CKO.CKO_PRIVATE_KEY),
            factories.ObjectAttributeFactory.Create(CKA.CKA_KEY_TYPE, CKK.CKK_EC),
        }).First();
        var perThread = signatures / parallelism;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Parallel.For(0, parallelism, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, thread =>
        {
            using var session = slot.OpenSession(SessionType.ReadOnly);
            using var mechanism = factories.MechanismFactory.Create(CKM.CKM_ECDSA);
            var hash = new byte[32];
            for (var i = 0; i < perThread; i++)
            {
                BitConverter.TryWriteBytes(hash, i * parallelism + thread);
                GC.KeepAlive(session.Sign(mechanism, key, hash));
            }
        });
        return perThread * parallelism / watch.Elapsed.TotalSeconds;
    }
}
'@
$rate = [KsefTokenSigning]::Rate($Pkcs11Library, $TokenLabel, $Pin, $Signatures, $Parallelism)
[pscustomobject]@{ Signatures = $Signatures; Parallelism = $Parallelism; PerSecond = $rate } | ConvertTo-Json -Compress

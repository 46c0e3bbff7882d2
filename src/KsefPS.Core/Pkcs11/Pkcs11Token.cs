using System.Security.Cryptography;
using KsefPS.Core.Errors;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace KsefPS.Core.Pkcs11;

/// <summary>
/// One token, logged in once, with a pool of sessions: each signature borrows a session and gives it back, so parallel
/// signing neither logs in per invoice nor shares a session between threads. The first session stays open until the
/// last user lets go, which keeps the login (PKCS#11 logs an application out when its last session on a token closes).
/// A token may cap the sessions an application opens (CKR_SESSION_COUNT): then the pool keeps to what it got, and a
/// thread waits for a session to come back; one that allows a single session lends the first one out too.
/// </summary>
internal sealed class Pkcs11Token : IDisposable
{
    private readonly ISlot _slot;
    private readonly ISession _anchor;
    private readonly SessionType _sessionType;
    private readonly HashSet<CKM> _mechanisms;
    private int _users = 1;

    // The pool, under _gate: idle sessions, how many the pool has open (idle or lent), how many the token allows it once
    // it refused one more, whether the anchor is lent out (only when the token allows the pool none of its own), and
    // whether the last user let go.
    private readonly object _gate = new();
    private readonly Stack<ISession> _idle = new();
    private int _pooled;
    private int? _allowed;
    private bool _anchorLent;
    private bool _closed;

    private Pkcs11Token(ISlot slot, ISession anchor, SessionType sessionType, ITokenInfo info)
    {
        _slot = slot;
        TokenLabel = info.Label.TrimEnd();
        TokenSerial = info.SerialNumber.TrimEnd();
        _anchor = anchor;
        _sessionType = sessionType;
        Description = Describe(info);
        _mechanisms = [.. slot.GetMechanismList()];
    }

    public string Description { get; }

    public string TokenLabel { get; }

    public string TokenSerial { get; }

    public Pkcs11InteropFactories Factories => _slot.Factories;

    /// <summary>
    /// Finds the token <paramref name="reference"/> names and logs in when it asks for it. <paramref name="who"/> names
    /// the entry (or the reference) in every error. A wrong PIN is never tried a second time.
    /// </summary>
    public static Pkcs11Token Open(Pkcs11KeyReference reference, Pkcs11Pin? pin, string who, bool readWrite = false) =>
        Open(reference.LibraryPath, reference.TokenLabel, reference.TokenSerial, pin, who, readWrite);

    public static Pkcs11Token Open(string libraryPath, string? tokenLabel, string? tokenSerial, Pkcs11Pin? pin, string who, bool readWrite = false)
    {
        var library = Pkcs11Libraries.Load(libraryPath, who);
        var (slot, info) = FindSlot(library, libraryPath, tokenLabel, tokenSerial, who);
        var type = readWrite ? SessionType.ReadWrite : SessionType.ReadOnly;
        var anchor = Guard(() => slot.OpenSession(type), who);
        try
        {
            if (pin is not null && info.TokenFlags.LoginRequired && !LoggedIn(anchor))
            {
                Login(anchor, pin, who, Describe(info));
            }
            return new Pkcs11Token(slot, anchor, type, info);
        }
        catch
        {
            anchor.Dispose();
            throw;
        }
    }

    public bool Offers(CKM mechanism) => _mechanisms.Contains(mechanism);

    /// <summary>Runs <paramref name="work"/> on a session of the pool (opened when none is idle and the token allows one more).</summary>
    public T Use<T>(Func<ISession, T> work, string who)
    {
        var session = Borrow(who);
        var healthy = false;
        try
        {
            var result = Guard(() => work(session), who);
            healthy = true;
            return result;
        }
        finally
        {
            GiveBack(session, healthy);
        }
    }

    private ISession Borrow(string who)
    {
        while (true)
        {
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_closed, this);
                if (_idle.TryPop(out var idle))
                {
                    return idle;
                }
                if (_allowed is { } allowed && _pooled >= allowed)
                {
                    if (_pooled == 0 && !_anchorLent)
                    {
                        _anchorLent = true;
                        return _anchor;
                    }
                    Monitor.Wait(_gate);
                    continue;
                }
                _pooled++;
            }
            if (TryOpen(who) is { } opened)
            {
                return opened;
            }
        }
    }

    /// <summary>A new session of the pool, or null when the token allows no more (the pool then keeps to those it has).</summary>
    private ISession? TryOpen(string who)
    {
        try
        {
            return Guard(() => _slot.OpenSession(_sessionType), who);
        }
        catch (CryptographicException e) when (e.InnerException is Pkcs11Exception { RV: CKR.CKR_SESSION_COUNT })
        {
            lock (_gate)
            {
                _pooled--;
                _allowed = _pooled;
            }
            return null;
        }
        catch
        {
            lock (_gate)
            {
                _pooled--;
                Monitor.PulseAll(_gate);
            }
            throw;
        }
    }

    private void GiveBack(ISession session, bool healthy)
    {
        lock (_gate)
        {
            if (ReferenceEquals(session, _anchor))
            {
                _anchorLent = false;
            }
            else if (healthy && !_closed)
            {
                _idle.Push(session);
            }
            else
            {
                _pooled--;
                session.Dispose();
            }
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Another user of the same logged-in token (a second signing thread); each user calls Dispose once.</summary>
    public Pkcs11Token Share()
    {
        Interlocked.Increment(ref _users);
        return this;
    }

    public void Dispose()
    {
        if (Interlocked.Decrement(ref _users) != 0)
        {
            return;
        }
        lock (_gate)
        {
            _closed = true;
            while (_idle.TryPop(out var session))
            {
                session.Dispose();
            }
            Monitor.PulseAll(_gate);
        }
        _anchor.Dispose();
    }

    /// <summary>PKCS#11 failures as KsefPS errors: a token gone is KeyUnreachable naming <paramref name="who"/>.</summary>
    public static T Guard<T>(Func<T> work, string who)
    {
        try
        {
            return work();
        }
        catch (Pkcs11Exception e) when (e.RV is CKR.CKR_DEVICE_REMOVED or CKR.CKR_TOKEN_NOT_PRESENT or CKR.CKR_SESSION_HANDLE_INVALID
            or CKR.CKR_SESSION_CLOSED or CKR.CKR_DEVICE_ERROR or CKR.CKR_SLOT_ID_INVALID or CKR.CKR_TOKEN_NOT_RECOGNIZED or CKR.CKR_USER_NOT_LOGGED_IN)
        {
            throw new KsefException(ErrorIds.KeyUnreachable, KsefErrorKind.ResourceUnavailable,
                $"The key of {who} cannot be reached: the token answered {e.RV} (removed, or its session ended).", who, e);
        }
        catch (Pkcs11Exception e)
        {
            throw new CryptographicException($"The PKCS#11 token refused {e.Method} for {who}: {e.RV}.", e);
        }
    }

    private static (ISlot Slot, ITokenInfo Info) FindSlot(IPkcs11Library library, string libraryPath, string? label, string? serial, string who)
    {
        var present = Guard(() => library.GetSlotList(SlotsType.WithTokenPresent), who)
            .Select(slot => (Slot: slot, Info: Guard(slot.GetTokenInfo, who)))
            .Where(s => s.Info.TokenFlags.TokenInitialized)
            .ToList();
        var matching = present.Where(s => (label is null || s.Info.Label.TrimEnd() == label) && (serial is null || s.Info.SerialNumber.TrimEnd() == serial)).ToList();
        if (matching.Count == 1 || (matching.Count > 1 && label is null && serial is null))
        {
            return matching[0];
        }
        var named = label is not null ? $"labelled '{label}'" : $"with serial {serial}";
        if (matching.Count > 1)
        {
            throw new KsefException(ErrorIds.Pkcs11ReferenceInvalid, KsefErrorKind.InvalidArgument,
                $"Several tokens {named} are present in {libraryPath}; name the one for {who} by -TokenSerial too.", who);
        }
        var seen = present.Count == 0 ? "no initialised token is present" : "present: " + string.Join(", ", present.Select(s => $"'{s.Info.Label.TrimEnd()}' ({s.Info.SerialNumber.TrimEnd()})"));
        throw new KsefException(ErrorIds.KeyUnreachable, KsefErrorKind.ResourceUnavailable,
            $"The key of {who} cannot be reached: no token {(label ?? serial) switch { null => "", _ => named + " " }}is in {libraryPath} ({seen}).", who);
    }

    private static string Describe(ITokenInfo info) => $"token '{info.Label.TrimEnd()}' (serial {info.SerialNumber.TrimEnd()})";

    private static bool LoggedIn(ISession session) =>
        session.GetSessionInfo().State is CKS.CKS_RO_USER_FUNCTIONS or CKS.CKS_RW_USER_FUNCTIONS;

    private static void Login(ISession session, Pkcs11Pin pin, string who, string token)
    {
        var secret = pin.Take($"{who} ({token})");
        try
        {
            session.Login(CKU.CKU_USER, secret);
        }
        catch (Pkcs11Exception e) when (e.RV == CKR.CKR_USER_ALREADY_LOGGED_IN)
        {
            // Another part of this process logged in meanwhile: the token is ready.
        }
        catch (Pkcs11Exception e) when (e.RV is CKR.CKR_PIN_INCORRECT or CKR.CKR_PIN_LEN_RANGE or CKR.CKR_PIN_INVALID or CKR.CKR_PIN_LOCKED or CKR.CKR_PIN_EXPIRED)
        {
            var why = e.RV switch
            {
                CKR.CKR_PIN_LOCKED => "is locked after too many wrong PINs; unblock it with the tools of the token's vendor",
                CKR.CKR_PIN_EXPIRED => "has a PIN that expired; change it with the tools of the token's vendor",
                _ => "refused the PIN; it was tried once and will not be tried again (tokens lock after a few wrong PINs)",
            };
            throw new KsefException(ErrorIds.PinInvalid, KsefErrorKind.SecurityError, $"The {token} holding {who} {why}.", who, e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }
}

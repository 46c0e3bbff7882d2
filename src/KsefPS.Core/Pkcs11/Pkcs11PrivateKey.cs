using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using Net.Pkcs11Interop.HighLevelAPI.Factories;
using Net.Pkcs11Interop.HighLevelAPI.MechanismParams;

namespace KsefPS.Core.Pkcs11;

/// <summary>
/// A private key object on a logged-in token, as the .NET key classes sign with it: one user of the token, let go of
/// once however often it is released.
/// </summary>
internal sealed class Pkcs11PrivateKey(Pkcs11Token token, IObjectHandle handle, string who)
{
    private int _released;

    public string Who => who;

    /// <summary>Signs <paramref name="input"/> with <paramref name="mechanism"/> (and its parameters) on a session of the pool.</summary>
    public byte[] Sign(CKM mechanism, byte[] input, Func<IMechanismParamsFactory, IMechanismParams>? parameters = null)
    {
        var factories = token.Factories;
        var required = Pkcs11Keys.Require(token, mechanism);
        var made = parameters is null
            ? factories.MechanismFactory.Create(required)
            : factories.MechanismFactory.Create(required, parameters(factories.MechanismParamsFactory));
        using (made as IDisposable)
        {
            return token.Use(session => session.Sign(made, handle, input), who);
        }
    }

    public void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            token.Dispose();
        }
    }
}

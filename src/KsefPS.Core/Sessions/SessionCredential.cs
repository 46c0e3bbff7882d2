using System.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using KsefPS.Core.Api.Auth;
using KsefPS.Core.Certificates;

namespace KsefPS.Core.Sessions;

/// <summary>What a session authenticates with, and how to get at it again when it must re-authenticate.</summary>
public abstract record SessionCredential(string Description)
{
    /// <summary>A certificate with its key; <paramref name="Open"/> is called for each authentication and its result disposed.</summary>
    public sealed record Certificate(string Description, SubjectIdentity Identity, SubjectIdentifierType SubjectType, Func<KeyedCertificate> Open)
        : SessionCredential(Description)
    {
        /// <summary>
        /// A credential from a certificate that lives nowhere else (a file, an X509Certificate2): the session keeps the
        /// key's PKCS#8 bytes in memory, to sign again when it must re-authenticate. Takes ownership of <paramref name="keyed"/>.
        /// </summary>
        public static Certificate InMemory(KeyedCertificate keyed, string description, SubjectIdentifierType subjectType)
        {
            var pkcs8 = keyed.ExportPkcs8();
            var der = keyed.Certificate.RawData;
            var identity = SubjectIdentity.From(keyed.Certificate);
            keyed.Dispose();
            return new Certificate(description, identity, subjectType,
                () => new KeyedCertificate(new X509Certificate2(der), KeyMaterial.ImportPkcs8(pkcs8)));
        }

        /// <summary>
        /// A credential from a certificate whose key is an object KsefPS must not copy (an X509Certificate2 given by the
        /// caller: a non-exportable Windows key, a key a runbook was handed): the session keeps its own handle to the
        /// certificate and asks it for the key object at each authentication — <paramref name="openKey"/>, by default
        /// the certificate's own private key — and signs with that object. Nothing is exported.
        /// </summary>
        public static Certificate OfKeyObject(X509Certificate2 certificate, string description, SubjectIdentifierType subjectType,
            Func<X509Certificate2, AsymmetricAlgorithm?>? openKey = null)
        {
            var held = new X509Certificate2(certificate);
            return new Certificate(description, SubjectIdentity.From(held), subjectType, () => KeyedCertificate.FromKeyObject(held, description, openKey));
        }
    }

    /// <summary>A KSeF token; <paramref name="Open"/> is called for each authentication and its result disposed.</summary>
    public sealed record KsefToken(string Description, Func<SecureString> Open) : SessionCredential(Description);
}

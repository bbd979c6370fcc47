using FluentValidation;
using RelationshipCare.Web.Platform.Configuration;

namespace RelationshipCare.Web.Platform.Caching;

/// <summary>
/// How the Data Protection keys (which sign cookies and encrypt stored secrets) are protected at rest.
/// Without a certificate they are stored unencrypted in the database or Redis: fine locally, not in production.
/// </summary>
public sealed class KeyProtectionOptions : IAppOptions
{
    public static string Section => "DataProtection";

    /// <summary>A PKCS#12 (.pfx) certificate file whose key encrypts the Data Protection keys at rest.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The certificate file's password, if it has one.</summary>
    public string? CertificatePassword { get; set; }

    internal sealed class Validator : AbstractValidator<KeyProtectionOptions>
    {
        public Validator() =>
            RuleFor(o => o.CertificatePath).Must(File.Exists!).When(o => !string.IsNullOrWhiteSpace(o.CertificatePath))
                .WithMessage(o => $"names a file that does not exist ('{o.CertificatePath}'); give the path of a .pfx certificate.");
    }
}

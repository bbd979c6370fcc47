using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using RelationshipCare.Web.Modules.Crm.Connectors.Http;

namespace RelationshipCare.Web.Modules.Crm.Connectors.Salesforce;

/// <summary>Salesforce's server-to-server OAuth flows; both answer with the org's <c>instance_url</c>.</summary>
internal static class SalesforceAuth
{
    public static readonly Uri DefaultLoginUrl = new("https://login.salesforce.com");

    public static OAuthAuthenticator Create(CrmConnectionSettings settings, HttpClient http, CrmResilience resilience, TimeProvider time)
    {
        var login = settings.AuthUrl ?? DefaultLoginUrl;
        var credentials = settings.Credentials;
        Func<IEnumerable<KeyValuePair<string, string>>> grant = settings.AuthMode switch
        {
            CrmAuthMode.ClientCredentials => () =>
            [
                new("grant_type", "client_credentials"),
                new("client_id", credentials.ClientId!),
                new("client_secret", credentials.ClientSecret!),
            ],
            CrmAuthMode.JwtBearer => () =>
            [
                new("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"),
                new("assertion", Assertion(credentials, login, time.GetUtcNow())),
            ],
            _ => throw new ArgumentException($"Salesforce does not sign in with {settings.AuthMode}.", nameof(settings)),
        };
        return new OAuthAuthenticator(http, "Salesforce", new Uri(login, "/services/oauth2/token"), grant, null, resilience, time);
    }

    /// <summary>
    /// The JWT-bearer assertion: RS256 over <c>{iss: consumer key, sub: username, aud: login host, exp: now + 3 min}</c>,
    /// signed with the connected app certificate's private key (RSA PKCS#1 v1.5 with SHA-256, as RS256 defines).
    /// </summary>
    public static string Assertion(CrmCredentials credentials, Uri login, DateTimeOffset now)
    {
        var header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { alg = "RS256", typ = "JWT" }));
        var claims = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new
        {
            iss = credentials.ClientId,
            sub = credentials.Username,
            aud = login.GetLeftPart(UriPartial.Authority),
            exp = now.AddMinutes(3).ToUnixTimeSeconds(),
        }));
        using var rsa = RSA.Create();
        rsa.ImportFromPem(credentials.PrivateKeyPem);
        var signature = rsa.SignData(Encoding.ASCII.GetBytes($"{header}.{claims}"), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{header}.{claims}.{Base64Url(signature)}";
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

using FluentValidation;
using RelationshipCare.Web.Modules.Crm.Connectors.Mapping;

namespace RelationshipCare.Web.Modules.Crm.Connectors;

/// <summary>How a connection proves who it is to its CRM.</summary>
internal enum CrmAuthMode
{
    /// <summary>HubSpot private app: a static bearer token.</summary>
    PrivateAppToken,

    /// <summary>OAuth refresh-token grant (HubSpot public apps, Zoho).</summary>
    OAuthRefreshToken,

    /// <summary>Salesforce OAuth client-credentials flow (runs as the connected app's run-as user; needs the My Domain host).</summary>
    ClientCredentials,

    /// <summary>Salesforce OAuth JWT-bearer flow (a certificate's private key signs an assertion for a user).</summary>
    JwtBearer,
}

/// <summary>The Zoho data centres, each with its own accounts server.</summary>
internal enum ZohoDataCentre
{
    Us,
    Eu,
    In,
    Au,
    Cn,
    Jp,
    Ca,
}

/// <summary>A connection's secrets. Its text form never shows them, so a logged settings record leaks nothing.</summary>
internal sealed record CrmCredentials
{
    public string? ClientId { get; init; }

    public string? ClientSecret { get; init; }

    public string? RefreshToken { get; init; }

    /// <summary>A static token (HubSpot private app).</summary>
    public string? AccessToken { get; init; }

    /// <summary>The Salesforce user the JWT-bearer flow acts as (the assertion's <c>sub</c>).</summary>
    public string? Username { get; init; }

    /// <summary>The PEM private key (PKCS#8 or PKCS#1) that signs Salesforce JWT assertions.</summary>
    public string? PrivateKeyPem { get; init; }

    public override string ToString() => "CrmCredentials { [redacted] }";
}

/// <summary>
/// The quota one connection may use. The CRM's quota is per org and shared by every integration, so these are this
/// connection's allocation; the limiter also lowers them when the CRM reports less remaining than it expected.
/// </summary>
internal sealed record CrmLimitSettings
{
    /// <summary>Calls (Zoho: credits) per rolling 24 hours: Salesforce's rolling allocation, HubSpot's daily limit, Zoho's credits.</summary>
    public long? DailyLimit { get; init; }

    /// <summary>Calls per <see cref="BurstWindow"/> (HubSpot's per-10-seconds limit).</summary>
    public int? BurstLimit { get; init; }

    public TimeSpan BurstWindow { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Calls in flight at once (Zoho's concurrency limit per org and app).</summary>
    public int? Concurrency { get; init; }

    /// <summary>How long a call may wait for the limiter (or for a CRM's short burst window) before it is refused.</summary>
    public TimeSpan MaxWait { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The documented defaults, chosen to be safe on every edition: Salesforce Developer Edition's 15,000 calls per
    /// rolling 24 h; HubSpot Free/Starter's 100 calls per 10 s and 250,000 a day; Zoho Standard's 50,000 base
    /// credits per 24 h and 10 concurrent calls. Raise them to the org's edition.
    /// </summary>
    public static CrmLimitSettings DefaultsFor(CrmKind kind) => kind switch
    {
        CrmKind.Salesforce => new CrmLimitSettings { DailyLimit = 15_000 },
        CrmKind.HubSpot => new CrmLimitSettings { DailyLimit = 250_000, BurstLimit = 100, BurstWindow = TimeSpan.FromSeconds(10) },
        CrmKind.Zoho => new CrmLimitSettings { DailyLimit = 50_000, Concurrency = 10 },
        _ => new CrmLimitSettings(),
    };
}

/// <summary>The connection's resilience pipeline: per-attempt timeout, retries of transient failures, circuit breaker.</summary>
internal sealed record CrmResilienceSettings
{
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public int MaxRetries { get; init; } = 3;

    /// <summary>The first retry's delay; later ones grow exponentially, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    public double BreakerFailureRatio { get; init; } = 0.5;

    public int BreakerMinimumThroughput { get; init; } = 10;

    public TimeSpan BreakerSamplingDuration { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan BreakerBreakDuration { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>An admin's mapping of one CRM field to one platform custom field key (or a <c>preferences.*</c> key).</summary>
internal sealed record CrmFieldMapping(string CrmField, string PlatformKey);

/// <summary>
/// Everything needed to talk to one CRM connection, as a plain record: the module stores it (secrets encrypted) and
/// hands it to <see cref="CrmConnectorFactory"/>.
/// </summary>
internal sealed record CrmConnectionSettings
{
    public required Guid ConnectionId { get; init; }

    public required CrmKind Kind { get; init; }

    public required CrmAuthMode AuthMode { get; init; }

    public CrmCredentials Credentials { get; init; } = new();

    /// <summary>
    /// Where tokens come from: Salesforce's login or My Domain host, HubSpot's OAuth host, a Zoho accounts server.
    /// Defaults per CRM (for Zoho, the <see cref="DataCentre"/>'s accounts server).
    /// </summary>
    public Uri? AuthUrl { get; init; }

    /// <summary>HubSpot's API host. Salesforce and Zoho name theirs in the token answer (<c>instance_url</c>, <c>api_domain</c>).</summary>
    public Uri? ApiUrl { get; init; }

    /// <summary>Salesforce <c>v66.0</c>, Zoho <c>v8</c>; HubSpot uses CRM v3 paths.</summary>
    public string? ApiVersion { get; init; }

    public ZohoDataCentre DataCentre { get; init; } = ZohoDataCentre.Us;

    /// <summary>Salesforce: the Contact's external id field holding the platform's client id (upsert key).</summary>
    public string ContactExternalIdField { get; init; } = "RelationshipCare_Id__c";

    /// <summary>Salesforce: the Account's external id field; companies are upserted by it.</summary>
    public string AccountExternalIdField { get; init; } = "RelationshipCare_Id__c";

    /// <summary>Salesforce: the InsurancePolicy's external id field holding the platform's policy id; new policies are upserted by it.</summary>
    public string PolicyExternalIdField { get; init; } = "RelationshipCare_Id__c";

    /// <summary>Salesforce: the InsurancePolicy lookup that names the insured account (the Contact's Account).</summary>
    public string PolicyInsuredField { get; init; } = "NameInsuredId";

    /// <summary>
    /// Where policies are kept: for HubSpot the custom object type (such as <c>2-1234567</c> or <c>p_policies</c>), for
    /// Zoho the custom module's API name (such as <c>Policies</c>); none means the connection carries no policies.
    /// </summary>
    public string? PolicyObjectType { get; init; }

    /// <summary>Zoho: the fields its upsert matches existing records on, so a retried write never duplicates.</summary>
    public IReadOnlyList<string> DuplicateCheckFields { get; init; } = ["Email"];

    /// <summary>The region assumed for phone numbers written without a country code.</summary>
    public string DefaultPhoneRegion { get; init; } = "US";

    public CrmLimitSettings? Limits { get; init; }

    public CrmResilienceSettings Resilience { get; init; } = new();

    public IReadOnlyList<CrmFieldMapping> CustomFieldMappings { get; init; } = [];

    /// <summary>The configured limits, or the CRM's documented defaults.</summary>
    public CrmLimitSettings EffectiveLimits => Limits ?? CrmLimitSettings.DefaultsFor(Kind);

    internal sealed class Validator : AbstractValidator<CrmConnectionSettings>
    {
        public Validator()
        {
            RuleFor(s => s.Kind).Must(k => k != CrmKind.Native).WithMessage("must be Salesforce, HubSpot or Zoho; the platform's own store needs no connection.");
            RuleFor(s => s.AuthMode).Must(AuthModeFits).WithMessage(s => $"{s.AuthMode} is not a way to sign in to {s.Kind}.");
            RuleFor(s => s.Credentials.AccessToken).NotEmpty().When(s => s.AuthMode == CrmAuthMode.PrivateAppToken)
                .WithName("Credentials.AccessToken").WithMessage("is required: the private app's access token.");
            RuleFor(s => s.Credentials.ClientId).NotEmpty().When(s => s.AuthMode != CrmAuthMode.PrivateAppToken)
                .WithName("Credentials.ClientId").WithMessage("is required: the app's client id (consumer key).");
            RuleFor(s => s.Credentials.ClientSecret).NotEmpty().When(s => s.AuthMode is CrmAuthMode.ClientCredentials or CrmAuthMode.OAuthRefreshToken)
                .WithName("Credentials.ClientSecret").WithMessage("is required: the app's client secret.");
            RuleFor(s => s.Credentials.RefreshToken).NotEmpty().When(s => s.AuthMode == CrmAuthMode.OAuthRefreshToken)
                .WithName("Credentials.RefreshToken").WithMessage("is required: the refresh token the app was granted.");
            RuleFor(s => s.Credentials.Username).NotEmpty().When(s => s.AuthMode == CrmAuthMode.JwtBearer)
                .WithName("Credentials.Username").WithMessage("is required: the Salesforce user the integration acts as.");
            RuleFor(s => s.Credentials.PrivateKeyPem).Must(IsRsaPrivateKey).When(s => s.AuthMode == CrmAuthMode.JwtBearer)
                .WithName("Credentials.PrivateKeyPem").WithMessage("must be the certificate's RSA private key in PEM form.");
            RuleFor(s => s.AuthUrl).NotNull().When(s => s.AuthMode == CrmAuthMode.ClientCredentials)
                .WithMessage("is required for the client-credentials flow: the org's My Domain address.");
            RuleFor(s => s.AuthUrl).Must(IsHttpUrl!).When(s => s.AuthUrl is not null).WithMessage("must be an absolute http(s) address.");
            RuleFor(s => s.ApiUrl).Must(IsHttpUrl!).When(s => s.ApiUrl is not null).WithMessage("must be an absolute http(s) address.");
            RuleFor(s => s.ApiVersion).Matches(@"^v\d+\.\d$").When(s => s.Kind == CrmKind.Salesforce && s.ApiVersion is not null)
                .WithMessage("must look like v66.0.");
            RuleFor(s => s.ApiVersion).Matches(@"^v\d+$").When(s => s.Kind == CrmKind.Zoho && s.ApiVersion is not null)
                .WithMessage("must look like v8.");
            RuleFor(s => s.ContactExternalIdField).Matches("^[A-Za-z][A-Za-z0-9_]*__c$").When(s => s.Kind == CrmKind.Salesforce)
                .WithMessage("must be the API name of a custom external id field (ending in __c).");
            RuleFor(s => s.AccountExternalIdField).Matches("^[A-Za-z][A-Za-z0-9_]*__c$").When(s => s.Kind == CrmKind.Salesforce)
                .WithMessage("must be the API name of a custom external id field (ending in __c).");
            RuleFor(s => s.PolicyExternalIdField).Matches("^[A-Za-z][A-Za-z0-9_]*__c$").When(s => s.Kind == CrmKind.Salesforce)
                .WithMessage("must be the API name of a custom external id field (ending in __c).");
            RuleFor(s => s.PolicyObjectType).Matches(@"^(\d+-\d+|p_[a-z0-9_]+|[a-z_]+)$").When(s => s.Kind == CrmKind.HubSpot && s.PolicyObjectType is not null)
                .WithMessage("must be a HubSpot object type id (2-1234567) or fully qualified name (p_policies).");
            RuleFor(s => s.PolicyObjectType).Matches("^[A-Za-z][A-Za-z0-9_]{0,49}$").When(s => s.Kind == CrmKind.Zoho && s.PolicyObjectType is not null)
                .WithMessage("must be the API name of the Zoho custom module holding policies, such as Policies.");
            RuleFor(s => s.PolicyObjectType).Null().When(s => s.Kind == CrmKind.Salesforce)
                .WithMessage("is for HubSpot and Zoho; Salesforce keeps policies in InsurancePolicy.");
            RuleFor(s => s.DuplicateCheckFields).NotEmpty().When(s => s.Kind == CrmKind.Zoho)
                .WithMessage("needs at least one field (such as Email) so a retried write never creates a second record.");
            RuleFor(s => s.DefaultPhoneRegion).Matches("^[A-Z]{2}$").WithMessage("must be a two-letter region code such as US.");
            RuleFor(s => s.EffectiveLimits).SetValidator(new LimitsValidator()).OverridePropertyName(nameof(Limits));
            RuleFor(s => s.Resilience).SetValidator(new ResilienceValidator());
            RuleForEach(s => s.CustomFieldMappings).ChildRules(mapping =>
            {
                mapping.RuleFor(m => m.CrmField).NotEmpty().MaximumLength(100).WithMessage("must name the CRM field (its API name).");
                mapping.RuleFor(m => m.PlatformKey).Must(CustomFieldMap.IsValidPlatformKey)
                    .WithMessage("must be a custom field key (letters, digits, _ and -) or one of the preferences.* keys.");
            });
            RuleFor(s => s.CustomFieldMappings).Must(m => m.Select(x => x.PlatformKey).Distinct(StringComparer.OrdinalIgnoreCase).Count() == m.Count)
                .WithMessage("maps one platform key twice.");
            RuleFor(s => s.CustomFieldMappings).Must(m => m.Select(x => x.CrmField).Distinct(StringComparer.OrdinalIgnoreCase).Count() == m.Count)
                .WithMessage("maps one CRM field twice.");
        }

        private static bool AuthModeFits(CrmConnectionSettings s, CrmAuthMode mode) => (s.Kind, mode) switch
        {
            (CrmKind.Salesforce, CrmAuthMode.ClientCredentials or CrmAuthMode.JwtBearer) => true,
            (CrmKind.HubSpot, CrmAuthMode.PrivateAppToken or CrmAuthMode.OAuthRefreshToken) => true,
            (CrmKind.Zoho, CrmAuthMode.OAuthRefreshToken) => true,
            _ => false,
        };

        private static bool IsHttpUrl(Uri url) => url.IsAbsoluteUri && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp);

        private static bool IsRsaPrivateKey(string? pem)
        {
            if (string.IsNullOrWhiteSpace(pem))
            {
                return false;
            }

            using var rsa = System.Security.Cryptography.RSA.Create();
            try
            {
                rsa.ImportFromPem(pem);
                return true;
            }
            catch (ArgumentException)
            {
                return false;
            }
        }
    }

    private sealed class LimitsValidator : AbstractValidator<CrmLimitSettings>
    {
        public LimitsValidator()
        {
            RuleFor(l => l.DailyLimit).GreaterThan(0).When(l => l.DailyLimit is not null).WithMessage("must be a positive number of calls.");
            RuleFor(l => l.BurstLimit).GreaterThan(0).When(l => l.BurstLimit is not null).WithMessage("must be a positive number of calls.");
            RuleFor(l => l.BurstWindow).InclusiveBetween(TimeSpan.FromSeconds(1), TimeSpan.FromHours(1)).WithMessage("must be between 1 second and 1 hour.");
            RuleFor(l => l.Concurrency).InclusiveBetween(1, 1000).When(l => l.Concurrency is not null).WithMessage("must be between 1 and 1000.");
            RuleFor(l => l.MaxWait).InclusiveBetween(TimeSpan.Zero, TimeSpan.FromMinutes(5)).WithMessage("must be between 0 and 5 minutes.");
        }
    }

    private sealed class ResilienceValidator : AbstractValidator<CrmResilienceSettings>
    {
        public ResilienceValidator()
        {
            RuleFor(r => r.AttemptTimeout).InclusiveBetween(TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(10)).WithMessage("must be between 10 ms and 10 minutes.");
            RuleFor(r => r.MaxRetries).InclusiveBetween(0, 10).WithMessage("must be between 0 and 10.");
            RuleFor(r => r.RetryBaseDelay).InclusiveBetween(TimeSpan.Zero, TimeSpan.FromMinutes(1)).WithMessage("must be between 0 and 1 minute.");
            RuleFor(r => r.BreakerFailureRatio).ExclusiveBetween(0, 1.0001).WithMessage("must be above 0 and at most 1.");
            RuleFor(r => r.BreakerMinimumThroughput).GreaterThanOrEqualTo(2).WithMessage("must be at least 2.");
            RuleFor(r => r.BreakerSamplingDuration).GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(500)).WithMessage("must be at least 0.5 seconds.");
            RuleFor(r => r.BreakerBreakDuration).GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(500)).WithMessage("must be at least 0.5 seconds.");
        }
    }
}

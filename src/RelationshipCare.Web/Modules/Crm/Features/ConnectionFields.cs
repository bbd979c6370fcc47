using ErrorOr;
using FluentValidation;
using Mediator;
using RelationshipCare.Web.Modules.Crm.Connectors;
using RelationshipCare.Web.Modules.Crm.Data;
using RelationshipCare.Web.Modules.Teams.Contracts;

namespace RelationshipCare.Web.Modules.Crm.Features;

/// <summary>
/// What an admin sets on a CRM connection, shared by creating and editing one. <see cref="Credentials"/> are
/// write-only: they are sealed on save and never read back; on an edit, a credential left empty keeps the saved one.
/// </summary>
internal abstract record ConnectionFields
{
    public string Name { get; init; } = "";

    public CrmKind Kind { get; init; }

    public CrmAuthMode AuthMode { get; init; }

    /// <summary>Secrets (write-only; their text form is redacted).</summary>
    public CrmCredentials? Credentials { get; init; }

    public Uri? AuthUrl { get; init; }

    public Uri? ApiUrl { get; init; }

    public string? ApiVersion { get; init; }

    public ZohoDataCentre DataCentre { get; init; } = ZohoDataCentre.Us;

    /// <summary>Where policies are kept: HubSpot's custom object type or Zoho's custom module; empty when the CRM keeps none.</summary>
    public string? PolicyObjectType { get; init; }

    /// <summary>Zoho: the fields its upsert matches on (Email when left out).</summary>
    public IReadOnlyList<string>? DuplicateCheckFields { get; init; }

    public string DefaultPhoneRegion { get; init; } = "US";

    /// <summary>This connection's share of the CRM's quota; the CRM's documented defaults when left out.</summary>
    public CrmLimitSettings? Limits { get; init; }

    public CrmResilienceSettings? Resilience { get; init; }

    /// <summary>CRM field → platform custom field key (or a <c>preferences.*</c> key).</summary>
    public IReadOnlyList<CrmFieldMapping> CustomFieldMappings { get; init; } = [];

    /// <summary>CRM user id → the agent who owns that user's clients here.</summary>
    public IReadOnlyDictionary<string, Guid> OwnerMap { get; init; } = new Dictionary<string, Guid>();

    /// <summary>The agent who owns synced clients whose CRM owner is not in <see cref="OwnerMap"/>.</summary>
    public Guid DefaultOwnerAgentId { get; init; }

    public bool Enabled { get; init; } = true;
}

/// <summary>The rules of <see cref="ConnectionFields"/> a request can be checked against alone; the settings are checked with their secrets in the handler.</summary>
internal sealed class ConnectionFieldsRules : AbstractValidator<ConnectionFields>
{
    public ConnectionFieldsRules()
    {
        RuleFor(c => c.Name).NotEmpty().MaximumLength(100).WithMessage("Name the connection (at most 100 characters), such as HubSpot – main office.");
        RuleFor(c => c.Kind).IsInEnum().Must(k => k != CrmKind.Native).WithMessage("Choose Salesforce, HubSpot or Zoho.");
        RuleFor(c => c.AuthMode).IsInEnum();
        RuleFor(c => c.DefaultOwnerAgentId).NotEmpty().WithMessage("Choose the agent who owns clients whose CRM owner is not mapped.");
        RuleFor(c => c.OwnerMap).Must(map => map.Count <= 1000).WithMessage("Map at most 1,000 CRM users.");
        RuleForEach(c => c.OwnerMap).Must(pair => pair.Key.Trim().Length is > 0 and <= 100 && pair.Value != Guid.Empty)
            .WithMessage("Each CRM user id (at most 100 characters) must map to an agent.");
    }
}

internal static class ConnectionSettingsCheck
{
    /// <summary>
    /// The settings a connection will use, checked by the connectors' own rules (with the secrets, which an edit may
    /// keep from before), and the agents it names checked against the directory.
    /// </summary>
    public static async Task<ErrorOr<CrmConnectionSettings>> BuildAsync(
        ConnectionFields fields,
        Guid connectionId,
        CrmCredentials credentials,
        CrmResilienceSettings? savedResilience,
        IValidator<CrmConnectionSettings> rules,
        ISender sender,
        CancellationToken cancellationToken)
    {
        var settings = new CrmConnectionSettings
        {
            ConnectionId = connectionId,
            Kind = fields.Kind,
            AuthMode = fields.AuthMode,
            Credentials = credentials,
            AuthUrl = fields.AuthUrl,
            ApiUrl = fields.ApiUrl,
            ApiVersion = string.IsNullOrWhiteSpace(fields.ApiVersion) ? null : fields.ApiVersion.Trim(),
            DataCentre = fields.DataCentre,
            PolicyObjectType = string.IsNullOrWhiteSpace(fields.PolicyObjectType) ? null : fields.PolicyObjectType.Trim(),
            DuplicateCheckFields = fields.DuplicateCheckFields ?? ["Email"],
            DefaultPhoneRegion = fields.DefaultPhoneRegion,
            Limits = fields.Limits,
            // The resilience pipeline is tuned through the API only: a form that leaves it out keeps what was saved.
            Resilience = fields.Resilience ?? savedResilience ?? new CrmResilienceSettings(),
            CustomFieldMappings = fields.CustomFieldMappings,
        };
        var errors = (await rules.ValidateAsync(settings, cancellationToken)).Errors
            .Select(e => Error.Validation(e.PropertyName, e.ErrorMessage))
            .ToList();
        foreach (var agentId in fields.OwnerMap.Values.Append(fields.DefaultOwnerAgentId).Distinct())
        {
            if ((await sender.Send(new GetAgent(agentId), cancellationToken)) is { IsError: true } or { Value.IsActive: false })
            {
                errors.Add(agentId == fields.DefaultOwnerAgentId
                    ? Error.Validation(nameof(ConnectionFields.DefaultOwnerAgentId), "No active agent has this id.")
                    : Error.Validation(nameof(ConnectionFields.OwnerMap), $"No active agent has the id {agentId}."));
            }
        }

        return errors.Count > 0 ? errors : settings;
    }

    /// <summary>Writes the checked settings to the stored connection: secrets sealed, settings kept without them.</summary>
    public static void ApplyTo(this ConnectionFields fields, CrmConnection connection, CrmConnectionSettings settings, CrmConnections connections)
    {
        connection.Name = fields.Name.Trim();
        connection.Settings = settings with { Credentials = new CrmCredentials() };
        connection.ProtectedSecrets = connections.Seal(settings.Credentials);
        connection.OwnerMap = fields.OwnerMap.ToDictionary(pair => pair.Key.Trim(), pair => pair.Value);
        connection.DefaultOwnerAgentId = fields.DefaultOwnerAgentId;
        connection.Enabled = fields.Enabled;
    }

    /// <summary>The saved credentials with each one the admin typed in replacing its saved value.</summary>
    public static CrmCredentials Merge(CrmCredentials saved, CrmCredentials? typed) => typed is null
        ? saved
        : new CrmCredentials
        {
            ClientId = Typed(typed.ClientId) ?? saved.ClientId,
            ClientSecret = Typed(typed.ClientSecret) ?? saved.ClientSecret,
            RefreshToken = Typed(typed.RefreshToken) ?? saved.RefreshToken,
            AccessToken = Typed(typed.AccessToken) ?? saved.AccessToken,
            Username = Typed(typed.Username) ?? saved.Username,
            PrivateKeyPem = Typed(typed.PrivateKeyPem) ?? saved.PrivateKeyPem,
        };

    private static string? Typed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

using RelationshipCare.Web.Modules.Crm.Contracts;
using RelationshipCare.Web.Modules.Crm.Features;

namespace RelationshipCare.Tests.Infrastructure.Builders;

/// <summary>The fields an agent fills in for a client, valid unless a test says otherwise; built as the command that adds one or edits one.</summary>
internal sealed record ClientBuilder
{
    public string FirstName { get; init; } = "Harriet";

    public string LastName { get; init; } = "Quill";

    public string? Email { get; init; } = "Harriet.Quill@Example.com";

    public string? Phone { get; init; } = "(415) 555-0177";

    public string? Company { get; init; } = "Quill & Daughters Bakery";

    public DateOnly? Birthdate { get; init; } = new(1978, 4, 12);

    public MailingAddress? Address { get; init; } = new("18 Mission Street", "San Francisco", "CA", "94103", "US");

    public ClientPreferences? Preferences { get; init; } = new("sms", new TimeOnly(21, 0), new TimeOnly(8, 0), "en", "America/Los_Angeles");

    public IReadOnlyDictionary<string, string?>? CustomFields { get; init; } = new Dictionary<string, string?> { ["referral_source"] = "Website" };

    public Guid? OwnerAgentId { get; init; }

    public IReadOnlyList<PolicyFields>? Policies { get; init; }

    /// <summary>The CRM connection to keep the client in; null for the platform's own store.</summary>
    public Guid? ConnectionId { get; init; }

    /// <summary>A policy numbered <paramref name="number"/> that expires <paramref name="expires"/>.</summary>
    public static PolicyFields Policy(string number, DateOnly expires, string line = "life") =>
        new(number, line, "Northwind Mutual", 1250.50m, expires.AddYears(-1), expires);

    public CreateClient.Command ToCreate() => Fill(new CreateClient.Command()) with { OwnerAgentId = OwnerAgentId, Policies = Policies, ConnectionId = ConnectionId };

    public UpdateClient.Command ToUpdate(Guid clientId, int version) => Fill(new UpdateClient.Command { ClientId = clientId, Version = version });

    /// <summary>The client as <paramref name="actor"/> adds it, through the mediator.</summary>
    public async Task<GetClient.ClientDetails> CreateAsync(HostFixture host, DemoPerson actor)
    {
        var created = await host.SendAsync(ToCreate(), actor);
        return created.IsError ? throw new InvalidOperationException($"The client could not be created: {created.FirstError}") : created.Value;
    }

    private TCommand Fill<TCommand>(TCommand command)
        where TCommand : ClientFields => command with
        {
            FirstName = FirstName,
            LastName = LastName,
            Email = Email,
            Phone = Phone,
            Company = Company,
            Birthdate = Birthdate,
            Address = Address,
            Preferences = Preferences,
            CustomFields = CustomFields,
        };
}

using Bogus;
using Microsoft.EntityFrameworkCore;
using RelationshipCare.Web.Modules.Crm.Connectors;
using RelationshipCare.Web.Modules.Crm.Contracts;
using RelationshipCare.Web.Modules.Crm.Data;
using RelationshipCare.Web.Modules.Crm.Features;
using RelationshipCare.Web.Modules.Teams.Contracts;
using RelationshipCare.Web.Platform.Hosting;

namespace RelationshipCare.Web.Modules.Crm;

/// <summary>
/// The demo agency's book: 200 clients of the platform's own store, owned by the demo agents, with policies whose
/// renewals spread over the next twelve months (several within 30 days), a few shares and notes, and two custom
/// fields. Generated from a fixed seed, so every start (and every test) sees the same clients; dates are relative
/// to today. The first three are named here for the documentation and the tests.
/// </summary>
internal sealed class DemoClients(CrmDbContext db, TimeProvider time) : IDemoSeeder
{
    public const int Count = 200;

    /// <summary>Jamie Rivera's client, with a life policy renewing in 12 days.</summary>
    public static readonly Guid EleanorWhitfieldId = ClientId(1);

    /// <summary>Sam Taylor's client (the Commercial Lines team), a hardware store.</summary>
    public static readonly Guid MarcusBellId = ClientId(2);

    /// <summary>Priya Shah's client, shared with Jamie Rivera.</summary>
    public static readonly Guid NadiaPetrovId = ClientId(3);

    private static readonly Guid MorganLeeId = Guid.Parse("0193a000-0000-7000-8000-000000000011");
    private static readonly Guid PriyaShahId = Guid.Parse("0193a000-0000-7000-8000-000000000012");
    private static readonly Guid DanielOkaforId = Guid.Parse("0193a000-0000-7000-8000-000000000013");
    private static readonly Guid JamieRiveraId = Guid.Parse("0193a000-0000-7000-8000-000000000014");
    private static readonly Guid SamTaylorId = Guid.Parse("0193a000-0000-7000-8000-000000000015");

    /// <summary>Each demo agent with the lines of business of their book.</summary>
    private static readonly (Guid Agent, string[] Lines)[] Books =
    [
        (MorganLeeId, [LinesOfBusiness.Life, LinesOfBusiness.Health, LinesOfBusiness.CommercialLines]),
        (PriyaShahId, [LinesOfBusiness.Life, LinesOfBusiness.Annuities, LinesOfBusiness.Medicare]),
        (DanielOkaforId, [LinesOfBusiness.CommercialLines, LinesOfBusiness.WorkersCompensation, LinesOfBusiness.EmployeeBenefits]),
        (JamieRiveraId, [LinesOfBusiness.Life, LinesOfBusiness.Health]),
        (SamTaylorId, [LinesOfBusiness.CommercialLines, LinesOfBusiness.PersonalAuto, LinesOfBusiness.Homeowners]),
    ];

    private static readonly string[] Carriers = ["Northwind Mutual", "Contoso Life", "Fabrikam Casualty", "Lakeshore Indemnity", "Summit Health Plans", "Harborview Insurance"];
    private static readonly string[] AreaCodes = ["415", "212", "312", "617", "206", "512", "303", "404", "602", "503"];
    private static readonly string[] TimeZones = ["America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"];
    private static readonly string[] ReferralSources = ["Referral", "Website", "Walk-in", "Event"];

    public static Guid ClientId(int number) => Guid.Parse($"0193a000-0000-7000-8001-{number:D12}");

    public async Task<IReadOnlyList<string>> SeedAsync(CancellationToken cancellationToken)
    {
        if (await db.Clients.AnyAsync(c => c.Id == EleanorWhitfieldId, cancellationToken))
        {
            return [];
        }

        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var faker = new Faker("en") { Random = new Randomizer(20261126) };
        db.CustomFields.AddRange(
            new CustomFieldDefinition { Id = Guid.Parse("0193a000-0000-7000-8002-000000000001"), Key = "referral_source", Label = "Referral source", Type = CustomFieldType.Choice, Choices = [.. ReferralSources], CreatedAt = now },
            new CustomFieldDefinition { Id = Guid.Parse("0193a000-0000-7000-8002-000000000002"), Key = "household_size", Label = "Household size", Type = CustomFieldType.Number, CreatedAt = now });

        for (var number = 1; number <= Count; number++)
        {
            db.Clients.Add(NewClient(faker, number, now, today));
        }

        db.Shares.AddRange(
            new ClientShare { ClientId = NadiaPetrovId, AgentId = JamieRiveraId, SharedAt = now },
            new ClientShare { ClientId = ClientId(10), AgentId = PriyaShahId, SharedAt = now },
            new ClientShare { ClientId = ClientId(12), AgentId = DanielOkaforId, SharedAt = now },
            new ClientShare { ClientId = ClientId(15), AgentId = SamTaylorId, SharedAt = now });
        db.Notes.AddRange(
            Note(EleanorWhitfieldId, JamieRiveraId, "Jamie Rivera", "Asked about adding her husband to the life policy at renewal; send a quote before the review call.", now.AddDays(-3)),
            Note(EleanorWhitfieldId, MorganLeeId, "Morgan Lee", "Long-standing client; offer the loyalty discount if she hesitates.", now.AddDays(-40)),
            Note(MarcusBellId, SamTaylorId, "Sam Taylor", "Opening a second store in the spring: review property limits and workers' comp headcount.", now.AddDays(-8)),
            Note(NadiaPetrovId, PriyaShahId, "Priya Shah", "Prefers email; shared with Jamie while I am on leave in March.", now.AddDays(-15)));

        return [$"Demo clients  {Count} clients with policies, owned by the demo agents"];
    }

    private static Client NewClient(Faker faker, int number, DateTimeOffset now, DateOnly today)
    {
        var (owner, lines) = number switch
        {
            1 => Books[3],
            2 => Books[4],
            3 => Books[1],
            _ => Books[number % Books.Length],
        };
        var (first, last) = number switch
        {
            1 => ("Eleanor", "Whitfield"),
            2 => ("Marcus", "Bell"),
            3 => ("Nadia", "Petrov"),
            _ => (faker.Name.FirstName(), faker.Name.LastName()),
        };
        var commercial = lines.Contains(LinesOfBusiness.CommercialLines);
        var client = new Client
        {
            Id = ClientId(number),
            Source = CrmKind.Native,
            OwnerAgentId = owner,
            // Demo addresses are in the example domains and the 555-01xx range, which reach nobody.
            Email = $"{first}.{last}{(number > 3 ? number : "")}@example.com".ToLowerInvariant().Replace(' ', '.').Replace("'", "", StringComparison.Ordinal),
            Phone = $"+1{AreaCodes[number % AreaCodes.Length]}5550{100 + (number % 100):D3}",
            Company = number == 2 ? "Bell Hardware & Supply" : commercial && faker.Random.Bool(0.6f) ? faker.Company.CompanyName() : null,
            Birthdate = today.AddYears(-faker.Random.Int(24, 82)).AddDays(-faker.Random.Int(0, 364)),
            Street = faker.Address.StreetAddress(),
            City = faker.Address.City(),
            State = faker.Address.StateAbbr(),
            PostalCode = faker.Address.ZipCode("#####"),
            Country = "US",
            PreferredChannel = faker.PickRandom(ClientFieldsRules.Channels.ToArray()),
            Language = faker.Random.Bool(0.1f) ? "es" : "en",
            TimeZone = faker.PickRandom(TimeZones),
            LastContactAt = faker.Random.Bool(0.9f) ? now.AddDays(-faker.Random.Int(1, 300)).AddMinutes(-faker.Random.Int(0, 1439)) : null,
            CustomFields = new Dictionary<string, string?> { ["referral_source"] = faker.PickRandom(ReferralSources) },
            CreatedAt = now.AddDays(-faker.Random.Int(300, 3000)),
            UpdatedAt = now,
        };
        client.Rename(first, last);
        if (faker.Random.Bool(0.5f))
        {
            client.QuietHoursStart = new TimeOnly(21, 0);
            client.QuietHoursEnd = new TimeOnly(8, 0);
        }

        var policies = number <= 3 ? 1 : faker.Random.Int(1, 3);
        for (var index = 0; index < policies; index++)
        {
            var line = number <= 3 ? lines[0] : faker.PickRandom(lines);
            // Renewals spread over the next year; the named clients' dates are fixed for the tests.
            var expires = number switch
            {
                1 => today.AddDays(12),
                2 => today.AddDays(45),
                3 => today.AddDays(200),
                _ => today.AddDays(1 + ((number * 37) + (index * 113)) % 365),
            };
            client.Policies.Add(new ClientPolicy
            {
                Id = Guid.Parse($"0193a000-0000-7000-8003-{(number * 10) + index:D12}"),
                ClientId = client.Id,
                Number = $"{Prefix(line)}-{100000 + (number * 10) + index}",
                LineOfBusiness = line,
                Carrier = faker.PickRandom(Carriers),
                Premium = Math.Round(faker.Random.Decimal(300, 12000), 2),
                EffectiveDate = expires.AddYears(-1),
                ExpirationDate = expires,
                Status = number > 3 && faker.Random.Bool(0.06f) ? PolicyStatus.Quoted : PolicyStatus.Active,
            });
        }

        client.PoliciesChanged();
        return client;
    }

    private static ClientNote Note(Guid clientId, Guid author, string authorName, string text, DateTimeOffset at) =>
        new() { Id = Guid.CreateVersion7(at), ClientId = clientId, AuthorAgentId = author, AuthorName = authorName, Text = text, CreatedAt = at };

    private static string Prefix(string line) => line switch
    {
        LinesOfBusiness.Life => "LIF",
        LinesOfBusiness.Health => "HLT",
        LinesOfBusiness.Medicare => "MED",
        LinesOfBusiness.Annuities => "ANN",
        LinesOfBusiness.PersonalAuto => "AUT",
        LinesOfBusiness.Homeowners => "HOM",
        LinesOfBusiness.CommercialLines => "COM",
        LinesOfBusiness.WorkersCompensation => "WCP",
        _ => "EBN",
    };
}

using System.Globalization;
using ErrorOr;
using FluentValidation;
using PhoneNumbers;
using RelationshipCare.Web.Modules.Crm.Connectors;
using RelationshipCare.Web.Modules.Crm.Contracts;
using RelationshipCare.Web.Modules.Crm.Data;
using RelationshipCare.Web.Modules.Teams.Contracts;
using MappedFields = RelationshipCare.Web.Modules.Crm.Connectors.Mapping.ClientFields;

namespace RelationshipCare.Web.Modules.Crm.Features;

/// <summary>What an agent sets about a client: the body of adding and of editing one.</summary>
internal abstract record ClientFields
{
    public string FirstName { get; init; } = "";

    public string LastName { get; init; } = "";

    public string? Email { get; init; }

    /// <summary>Any common format; US numbers may omit the country code. Stored in E.164, such as +14155550132.</summary>
    public string? Phone { get; init; }

    public string? Company { get; init; }

    public DateOnly? Birthdate { get; init; }

    public MailingAddress? Address { get; init; }

    public ClientPreferences? Preferences { get; init; }

    /// <summary>Values of the admin-defined custom fields, by key. Dates as yyyy-MM-dd, numbers with a dot.</summary>
    public IReadOnlyDictionary<string, string?>? CustomFields { get; init; }
}

internal sealed class ClientFieldsRules : AbstractValidator<ClientFields>
{
    public static readonly IReadOnlyList<string> Channels = ["sms", "email", "phone"];

    public ClientFieldsRules(TimeProvider time)
    {
        RuleFor(c => c.FirstName).NotEmpty().MaximumLength(100);
        RuleFor(c => c.LastName).NotEmpty().MaximumLength(100);
        RuleFor(c => c.Email).MaximumLength(256).EmailAddress().When(c => !string.IsNullOrWhiteSpace(c.Email))
            .WithMessage("Enter a valid email address, such as name@example.com.");
        RuleFor(c => c.Phone).Must(phone => ClientPhones.ToE164(phone) is not null).When(c => !string.IsNullOrWhiteSpace(c.Phone))
            .WithMessage("Enter a valid phone number, such as (415) 555-0132, or +44 20 7946 0958 outside the US.");
        RuleFor(c => c.Company).MaximumLength(200);
        RuleFor(c => c.Birthdate)
            .Must(date => date >= new DateOnly(1900, 1, 1) && date <= DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime))
            .When(c => c.Birthdate is not null)
            .WithMessage("Enter a birthdate between 1900 and today.");

        RuleFor(c => c.Address!.Street).MaximumLength(200).When(c => c.Address is not null);
        RuleFor(c => c.Address!.City).MaximumLength(100).When(c => c.Address is not null);
        RuleFor(c => c.Address!.Country).Matches("^[A-Za-z]{2}$").When(c => !string.IsNullOrWhiteSpace(c.Address?.Country))
            .WithMessage("Enter the two-letter country code, such as US.");
        RuleFor(c => c.Address!.State).Must(UsStates.IsCode!).When(c => !string.IsNullOrWhiteSpace(c.Address?.State) && IsUs(c.Address))
            .WithMessage("Enter the two-letter code of a US state or territory, such as CA or NY.");
        RuleFor(c => c.Address!.PostalCode).Matches(@"^\d{5}(-\d{4})?$").When(c => !string.IsNullOrWhiteSpace(c.Address?.PostalCode) && IsUs(c.Address))
            .WithMessage("Enter a ZIP code, such as 94103 or 94103-1234.");

        RuleFor(c => c.Preferences!.PreferredChannel).Must(Channels.Contains!).When(c => !string.IsNullOrWhiteSpace(c.Preferences?.PreferredChannel))
            .WithMessage($"Choose one of: {string.Join(", ", Channels)}.");
        RuleFor(c => c.Preferences!.QuietHoursEnd).NotNull().When(c => c.Preferences?.QuietHoursStart is not null)
            .WithMessage("Quiet hours need an end as well as a start.");
        RuleFor(c => c.Preferences!.QuietHoursStart).NotNull().When(c => c.Preferences?.QuietHoursEnd is not null)
            .WithMessage("Quiet hours need a start as well as an end.");
        RuleFor(c => c.Preferences!.QuietHoursEnd).NotEqual(c => c.Preferences!.QuietHoursStart)
            .When(c => c.Preferences?.QuietHoursStart is not null)
            .WithMessage("Quiet hours must end at another time than they start.");
        RuleFor(c => c.Preferences!.Language).Matches("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$").MaximumLength(35)
            .When(c => !string.IsNullOrWhiteSpace(c.Preferences?.Language))
            .WithMessage("Enter a language tag, such as en or es-US.");
        RuleFor(c => c.Preferences!.TimeZone).Must(zone => TimeZoneInfo.TryFindSystemTimeZoneById(zone!, out _))
            .When(c => !string.IsNullOrWhiteSpace(c.Preferences?.TimeZone))
            .WithMessage("Enter a time zone, such as America/New_York.");

        RuleFor(c => c.CustomFields).Must(fields => fields is null || fields.Count <= 50).WithMessage("Set at most 50 custom fields.");
        RuleForEach(c => c.CustomFields).Must(pair => pair.Value is null || pair.Value.Length <= CustomFieldValues.MaxLength)
            .WithMessage($"Custom field values are at most {CustomFieldValues.MaxLength} characters.");
    }

    private static bool IsUs(MailingAddress? address) => string.IsNullOrWhiteSpace(address?.Country) || address.Country.Equals("US", StringComparison.OrdinalIgnoreCase);
}

internal static class ClientFieldsMapping
{
    public static void ApplyTo(this ClientFields fields, Client client)
    {
        client.Rename(fields.FirstName, fields.LastName);
        client.Email = Blank(fields.Email)?.ToLowerInvariant();
        client.Phone = ClientPhones.ToE164(fields.Phone);
        client.Company = Blank(fields.Company);
        client.Birthdate = fields.Birthdate;
        client.Street = Blank(fields.Address?.Street);
        client.City = Blank(fields.Address?.City);
        client.State = Blank(fields.Address?.State)?.ToUpperInvariant();
        client.PostalCode = Blank(fields.Address?.PostalCode);
        client.Country = Blank(fields.Address?.Country)?.ToUpperInvariant();
        client.PreferredChannel = Blank(fields.Preferences?.PreferredChannel);
        client.QuietHoursStart = fields.Preferences?.QuietHoursStart;
        client.QuietHoursEnd = fields.Preferences?.QuietHoursEnd;
        client.Language = Blank(fields.Preferences?.Language);
        client.TimeZone = Blank(fields.Preferences?.TimeZone);
        client.CustomFields = CustomFieldValues.Normalize(fields.CustomFields);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>Phone numbers in E.164, parsed by libphonenumber with the US as the region of numbers without a country code.</summary>
internal static class ClientPhones
{
    public const string DefaultRegion = "US";

    private static readonly PhoneNumberUtil Numbers = PhoneNumberUtil.GetInstance();

    /// <summary>The number in E.164, or null when it is empty or not a valid number.</summary>
    public static string? ToE164(string? input)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return null;
        }

        try
        {
            var number = Numbers.Parse(input, DefaultRegion);
            return Numbers.IsValidNumber(number) ? Numbers.Format(number, PhoneNumberFormat.E164) : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    /// <summary>How people read a number: national format for US numbers, international otherwise.</summary>
    public static string Display(string e164)
    {
        try
        {
            var number = Numbers.Parse(e164, DefaultRegion);
            return Numbers.Format(number, Numbers.GetRegionCodeForNumber(number) == DefaultRegion ? PhoneNumberFormat.NATIONAL : PhoneNumberFormat.INTERNATIONAL);
        }
        catch (NumberParseException)
        {
            return e164;
        }
    }
}

/// <summary>The two-letter codes of the US states, the District of Columbia and the territories.</summary>
internal static class UsStates
{
    public static readonly IReadOnlySet<string> Codes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA", "ME", "MD",
        "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC",
        "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "DC", "PR", "GU", "VI", "AS", "MP",
    };

    public static bool IsCode(string code) => Codes.Contains(code.Trim());
}

/// <summary>Custom field values, checked against the admins' definitions (which the handler reads).</summary>
internal static class CustomFieldValues
{
    public const int MaxLength = 1000;

    /// <summary>Trimmed, with empty values removed: an emptied field is an unset one.</summary>
    public static Dictionary<string, string?> Normalize(IReadOnlyDictionary<string, string?>? fields) =>
        (fields ?? new Dictionary<string, string?>())
            .Where(pair => !string.IsNullOrWhiteSpace(pair.Value))
            .ToDictionary(pair => pair.Key.Trim(), pair => (string?)pair.Value!.Trim());

    /// <summary>A field error for each key no definition has, and for each value its field's type refuses.</summary>
    public static List<Error> Check(IReadOnlyDictionary<string, string?>? fields, IReadOnlyCollection<CustomFieldDefinition> definitions)
    {
        List<Error> errors = [];
        foreach (var (key, value) in Normalize(fields))
        {
            var definition = definitions.FirstOrDefault(d => d.Key == key);
            if (definition is null)
            {
                errors.Add(CrmErrors.UnknownCustomField(key));
            }
            else if (Refusal(definition, value!) is { } message)
            {
                errors.Add(CrmErrors.InvalidCustomFieldValue(key, message));
            }
        }

        return errors;
    }

    /// <summary>
    /// A field error for each value a CRM connection has no field for, skipping keys already refused: its write would
    /// refuse the value (dropping it would lose what was typed), so it is refused now, where the agent can fix it.
    /// </summary>
    public static IEnumerable<Error> NotCarriedBy(
        IReadOnlyDictionary<string, string?>? fields, CrmCapabilities capabilities, string connectionName, IReadOnlyCollection<Error> refused) =>
        Normalize(fields).Keys
            .Select(MappedFields.CustomField)
            .Where(field => !capabilities.SupportedFields.Contains(field) && refused.All(error => error.Code != field))
            .Select(field => Error.Validation(field, $"{connectionName} has no field for this; leave it empty, or ask an admin to map it."));

    private static string? Refusal(CustomFieldDefinition definition, string value) => definition.Type switch
    {
        CustomFieldType.Number when !decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out _) =>
            $"{definition.Label} must be a number, such as 12.5.",
        CustomFieldType.Date when !DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _) =>
            $"{definition.Label} must be a date, such as 2026-03-31.",
        CustomFieldType.Choice when !definition.Choices.Contains(value) =>
            $"{definition.Label} must be one of: {string.Join(", ", definition.Choices)}.",
        _ => null,
    };
}

/// <summary>A policy as an agent enters it.</summary>
internal sealed record PolicyFields(
    string Number,
    string LineOfBusiness,
    string? Carrier,
    decimal? Premium,
    DateOnly? EffectiveDate,
    DateOnly? ExpirationDate,
    PolicyStatus Status = PolicyStatus.Active);

internal static class PolicyFieldsMapping
{
    /// <summary>Sets the policy's values as entered (the number stored upper-case: numbers are unique whatever their case).</summary>
    public static void ApplyTo(this PolicyFields fields, ClientPolicy policy)
    {
        policy.Number = fields.Number.Trim().ToUpperInvariant();
        policy.LineOfBusiness = fields.LineOfBusiness;
        policy.Carrier = string.IsNullOrWhiteSpace(fields.Carrier) ? null : fields.Carrier.Trim();
        policy.Premium = fields.Premium;
        policy.EffectiveDate = fields.EffectiveDate;
        policy.ExpirationDate = fields.ExpirationDate;
        policy.Status = fields.Status;
    }
}

internal sealed class PolicyFieldsRules : AbstractValidator<PolicyFields>
{
    public PolicyFieldsRules()
    {
        RuleFor(p => p.Number).NotEmpty().MaximumLength(50).Matches("^[A-Za-z0-9-]+$")
            .WithMessage("Use letters, digits and dashes, such as LIF-100234.");
        RuleFor(p => p.LineOfBusiness).Must(LinesOfBusiness.All.Contains)
            .WithMessage($"Use one of: {string.Join(", ", LinesOfBusiness.All)}.");
        RuleFor(p => p.Carrier).MaximumLength(100);
        RuleFor(p => p.Premium).InclusiveBetween(0, 10_000_000m);
        RuleFor(p => p.Status).IsInEnum();
        RuleFor(p => p.ExpirationDate).GreaterThan(p => p.EffectiveDate).When(p => p.EffectiveDate is not null && p.ExpirationDate is not null)
            .WithMessage("A policy expires after it takes effect.");
    }
}

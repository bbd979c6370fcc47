using System.Globalization;
using PhoneNumbers;

namespace RelationshipCare.Web.Modules.Crm.Connectors.Mapping;

/// <summary>The one way every mapper normalizes contact details: phones to E.164, emails trimmed and lower-case.</summary>
internal static class ContactNormalization
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    /// <summary>
    /// The number in E.164 (<c>+14155550100</c>), reading numbers without a country code as <paramref name="defaultRegion"/>.
    /// A value that is not a possible phone number is kept as written (trimmed) so no data is lost; validation of
    /// what agents type happens where they type it.
    /// </summary>
    public static string? Phone(string? value, string defaultRegion)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var trimmed = value.Trim();
        try
        {
            var number = Phones.Parse(trimmed, defaultRegion);
            return Phones.IsPossibleNumber(number) ? Phones.Format(number, PhoneNumberFormat.E164) : trimmed;
        }
        catch (NumberParseException)
        {
            return trimmed;
        }
    }

    public static string? Email(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : value.Trim().ToLowerInvariant();

    /// <summary>Empty and blank text become null: CRMs send "" for a cleared field.</summary>
    public static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    public static DateOnly? Date(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        // Some CRMs send a date as midnight UTC (an ISO timestamp or epoch milliseconds).
        if (long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var epochMs))
        {
            return DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(epochMs).UtcDateTime);
        }

        return Timestamp(value) is { } stamp ? DateOnly.FromDateTime(stamp.UtcDateTime) : null;
    }

    /// <summary>ISO 8601 timestamps in any of the CRMs' forms, including Salesforce's <c>2013-05-20T20:49:32.000+0000</c>.</summary>
    public static DateTimeOffset? Timestamp(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        // Salesforce writes the offset without a colon (+0000), which the ISO parser does not take.
        var text = value.Trim();
        if (text.Length > 5 && text[^5] is '+' or '-' && text[^4..].All(char.IsAsciiDigit) && text.Contains('T', StringComparison.Ordinal))
        {
            text = text.Insert(text.Length - 2, ":");
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var stamp) ? stamp : null;
    }

    public static string? Format(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string? Format(TimeOnly? time) => time?.ToString("HH:mm", CultureInfo.InvariantCulture);

    public static TimeOnly? Time(string? value) =>
        TimeOnly.TryParse(value, CultureInfo.InvariantCulture, out var time) ? time : null;
}

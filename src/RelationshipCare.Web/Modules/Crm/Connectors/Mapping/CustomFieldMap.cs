using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RelationshipCare.Web.Modules.Crm.Contracts;

namespace RelationshipCare.Web.Modules.Crm.Connectors.Mapping;

/// <summary>
/// An admin's custom field mappings for one connection, applied both ways. A mapping whose platform key is one of
/// the <c>preferences.*</c> keys fills the client's preferences (no CRM has standard fields for them); any other
/// key is a platform custom field.
/// </summary>
internal sealed partial class CustomFieldMap(IReadOnlyList<CrmFieldMapping> mappings)
{
    public const string PreferredChannel = "preferences.preferredChannel";
    public const string QuietHoursStart = "preferences.quietHoursStart";
    public const string QuietHoursEnd = "preferences.quietHoursEnd";
    public const string Language = "preferences.language";
    public const string TimeZone = "preferences.timeZone";

    private static readonly string[] PreferenceKeys = [PreferredChannel, QuietHoursStart, QuietHoursEnd, Language, TimeZone];

    public IReadOnlyList<CrmFieldMapping> Mappings { get; } = mappings;

    /// <summary>The CRM fields to ask for when reading (lists and queries name their fields).</summary>
    public IEnumerable<string> CrmFields => Mappings.Select(m => m.CrmField);

    /// <summary>The platform fields these mappings carry, as <see cref="ClientFields"/> names.</summary>
    public IEnumerable<string> SupportedFields =>
        Mappings.Select(m => IsPreference(m.PlatformKey) ? m.PlatformKey : ClientFields.CustomField(m.PlatformKey));

    public static bool IsValidPlatformKey(string? key) =>
        key is not null && (PreferenceKeys.Contains(key, StringComparer.Ordinal) || CustomKey().IsMatch(key));

    /// <summary>Reads the mapped fields of a CRM record through <paramref name="read"/> (the CRM field's value as text).</summary>
    public (IReadOnlyDictionary<string, string?> CustomFields, ClientPreferences? Preferences) Read(Func<string, string?> read)
    {
        var custom = new Dictionary<string, string?>(StringComparer.Ordinal);
        var preferences = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var mapping in Mappings)
        {
            var value = ContactNormalization.Text(read(mapping.CrmField));
            if (IsPreference(mapping.PlatformKey))
            {
                preferences[mapping.PlatformKey] = value;
            }
            else
            {
                custom[mapping.PlatformKey] = value;
            }
        }

        ClientPreferences? clientPreferences = preferences.Values.Any(v => v is not null)
            ? new ClientPreferences(
                preferences.GetValueOrDefault(PreferredChannel),
                ContactNormalization.Time(preferences.GetValueOrDefault(QuietHoursStart)),
                ContactNormalization.Time(preferences.GetValueOrDefault(QuietHoursEnd)),
                preferences.GetValueOrDefault(Language),
                preferences.GetValueOrDefault(TimeZone))
            : null;
        return (custom, clientPreferences);
    }

    /// <summary>
    /// Writes the client's mapped values into a CRM payload. A custom field the client carries but no mapping names
    /// is refused: silently dropping what an agent typed would lose it.
    /// </summary>
    public void Write(CrmClient client, JsonObject payload)
    {
        var unknown = client.CustomFields.Keys.Where(k => !Mappings.Any(m => string.Equals(m.PlatformKey, k, StringComparison.Ordinal))).ToList();
        if (unknown.Count > 0)
        {
            throw new CrmRejectedException(
                "The connection has no mapping for these custom fields.",
                unknown.ToDictionary(ClientFields.CustomField, k => $"'{k}' is not mapped to a field of this CRM."));
        }

        foreach (var mapping in Mappings)
        {
            var value = mapping.PlatformKey switch
            {
                PreferredChannel => client.Preferences?.PreferredChannel,
                QuietHoursStart => ContactNormalization.Format(client.Preferences?.QuietHoursStart),
                QuietHoursEnd => ContactNormalization.Format(client.Preferences?.QuietHoursEnd),
                Language => client.Preferences?.Language,
                TimeZone => client.Preferences?.TimeZone,
                var key => client.CustomFields.GetValueOrDefault(key),
            };
            payload[mapping.CrmField] = value;
        }
    }

    private static bool IsPreference(string key) => key.StartsWith("preferences.", StringComparison.Ordinal);

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]{0,63}$")]
    private static partial Regex CustomKey();
}

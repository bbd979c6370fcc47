using System.Globalization;
using System.Text.Json;

namespace RelationshipCare.Web.Modules.Crm.Connectors.Mapping;

/// <summary>Reads CRM JSON leniently: a missing property and JSON null are the same, and scalars read as text.</summary>
internal static class JsonElementReading
{
    public static string? Text(this JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) ? value.AsText() : null;

    /// <summary>A property of a nested object (<c>Account.Name</c>, <c>Owner.id</c>).</summary>
    public static string? Text(this JsonElement element, string parent, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(parent, out var nested) ? nested.Text(property) : null;

    public static string? AsText(this JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };

    public static decimal? Decimal(this JsonElement element, string property) =>
        decimal.TryParse(element.Text(property), NumberStyles.Number, CultureInfo.InvariantCulture, out var number) ? number : null;

    public static IEnumerable<JsonElement> Items(this JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray()
            : [];
}

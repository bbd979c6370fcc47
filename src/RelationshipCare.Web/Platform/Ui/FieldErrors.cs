using ErrorOr;

namespace RelationshipCare.Web.Platform.Ui;

/// <summary>A refused request's errors, arranged for a form: each field's message beside its input, the rest on top.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, string> _byField;
    private readonly List<string> _general;

    private FieldErrors(Dictionary<string, string> byField, List<string> general)
    {
        _byField = byField;
        _general = general;
    }

    public static FieldErrors None { get; } = new([], []);

    /// <summary>Arranges <paramref name="errors"/>; errors whose code names none of <paramref name="fields"/> are general.</summary>
    public static FieldErrors From(IEnumerable<Error> errors, params string[] fields)
    {
        var list = errors.ToList();
        var byField = list.Where(e => e.Type == ErrorType.Validation && fields.Contains(FieldOf(e.Code)))
            .GroupBy(e => FieldOf(e.Code))
            .ToDictionary(g => g.Key, g => string.Join(" ", g.Select(e => e.Description).Distinct()));
        var general = list.Where(e => !byField.ContainsKey(FieldOf(e.Code))).Select(e => e.Description).Distinct().ToList();
        return new FieldErrors(byField, general);
    }

    /// <summary>A list item's error ("Specialties[1]") belongs beside the list's input ("Specialties").</summary>
    private static string FieldOf(string code) => code.IndexOf('[', StringComparison.Ordinal) is > 0 and var bracket ? code[..bracket] : code;

    public bool Has(string field) => _byField.ContainsKey(field);

    public string? For(string field) => _byField.GetValueOrDefault(field);

    /// <summary>Errors not tied to a field of the form, such as "not found" or a conflict.</summary>
    public string? General => _general.Count == 0 ? null : string.Join(" ", _general);
}

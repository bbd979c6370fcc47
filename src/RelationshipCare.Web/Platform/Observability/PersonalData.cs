using Microsoft.Extensions.Compliance.Classification;
using Microsoft.Extensions.Compliance.Redaction;

namespace RelationshipCare.Web.Platform.Observability;

/// <summary>
/// The data classes that must never reach a log in clear. Log methods mark such parameters with the attributes
/// below; the redactor replaces their values before any sink sees them.
/// </summary>
public static class PersonalData
{
    private const string Taxonomy = "RelationshipCare";

    public static DataClassification Email { get; } = new(Taxonomy, "Email");

    public static DataClassification Phone { get; } = new(Taxonomy, "Phone");

    public static DataClassification Name { get; } = new(Taxonomy, "Name");

    /// <summary>Any other personal data: addresses, birthdates, free text a client wrote.</summary>
    public static DataClassification Other { get; } = new(Taxonomy, "Other");

    public static DataClassificationSet All { get; } = new([Email, Phone, Name, Other]);
}

public sealed class EmailDataAttribute() : DataClassificationAttribute(PersonalData.Email);

public sealed class PhoneDataAttribute() : DataClassificationAttribute(PersonalData.Phone);

public sealed class NameDataAttribute() : DataClassificationAttribute(PersonalData.Name);

public sealed class PersonalDataAttribute() : DataClassificationAttribute(PersonalData.Other);

/// <summary>Replaces personal data with a fixed marker: the length of a value would itself say something.</summary>
internal sealed class MaskingRedactor : Redactor
{
    private const string Mask = "[redacted]";

    public override int GetRedactedLength(ReadOnlySpan<char> input) => Mask.Length;

    public override int Redact(ReadOnlySpan<char> source, Span<char> destination)
    {
        Mask.AsSpan().CopyTo(destination);
        return Mask.Length;
    }
}

namespace RelationshipCare.Web.Modules.Teams.Contracts;

/// <summary>The lines of business the agency writes: agents' specialties are drawn from these.</summary>
public static class LinesOfBusiness
{
    public const string Life = "life";
    public const string Health = "health";
    public const string Medicare = "medicare";
    public const string Annuities = "annuities";
    public const string PersonalAuto = "personal_auto";
    public const string Homeowners = "homeowners";
    public const string CommercialLines = "commercial_lines";
    public const string WorkersCompensation = "workers_compensation";
    public const string EmployeeBenefits = "employee_benefits";

    public static IReadOnlyList<string> All { get; } =
        [Life, Health, Medicare, Annuities, PersonalAuto, Homeowners, CommercialLines, WorkersCompensation, EmployeeBenefits];

    /// <summary>"commercial_lines" as "Commercial lines".</summary>
    public static string Label(string line) => char.ToUpperInvariant(line[0]) + line[1..].Replace('_', ' ');
}

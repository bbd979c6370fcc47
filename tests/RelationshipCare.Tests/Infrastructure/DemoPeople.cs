using RelationshipCare.Web.Modules.Teams;
using RelationshipCare.Web.Platform.Hosting;

namespace RelationshipCare.Tests.Infrastructure;

/// <summary>A person of the demo agency, as the demo seeders create them (README lists the same sign-ins).</summary>
internal sealed record DemoPerson(Guid Id, string Name, string Email)
{
    public string Password => Demo.Password;

    public string FirstName => Name.Split(' ')[0];

    public override string ToString() => Name;
}

/// <summary>The demo agency: an admin, a team lead of both teams, two specialists and two junior agents.</summary>
internal static class Demo
{
    /// <summary>Every demo person's password.</summary>
    public const string Password = DemoAgencyCredentials.Password;

    public static readonly DemoPerson Admin = new(DemoAgencyCredentials.AdminId, "Avery Brooks", DemoAgencyCredentials.AdminEmail);
    public static readonly DemoPerson MorganLee = Person(DemoAgency.MorganLeeId, "Morgan Lee", "morgan.lee");
    public static readonly DemoPerson PriyaShah = Person(Guid.Parse("0193a000-0000-7000-8000-000000000012"), "Priya Shah", "priya.shah");
    public static readonly DemoPerson DanielOkafor = Person(Guid.Parse("0193a000-0000-7000-8000-000000000013"), "Daniel Okafor", "daniel.okafor");
    public static readonly DemoPerson JamieRivera = Person(Guid.Parse("0193a000-0000-7000-8000-000000000014"), "Jamie Rivera", "jamie.rivera");
    public static readonly DemoPerson SamTaylor = Person(Guid.Parse("0193a000-0000-7000-8000-000000000015"), "Sam Taylor", "sam.taylor");

    /// <summary>Morgan Lee leads it; Priya Shah and Jamie Rivera are its members.</summary>
    public static Guid LifeAndHealthTeamId => DemoAgency.LifeAndHealthTeamId;

    /// <summary>Morgan Lee leads it too; Daniel Okafor and Sam Taylor are its members.</summary>
    public static Guid CommercialTeamId => DemoAgency.CommercialTeamId;

    public static string ApiKey => DemoAgency.DemoApiKey;

    private static DemoPerson Person(Guid id, string name, string login) => new(id, name, $"{login}@{DemoAgencyCredentials.EmailDomain}");
}

/// <summary>The demo clients the tests name (the other 197 are generated from a fixed seed).</summary>
internal static class DemoClientIds
{
    /// <summary>Jamie Rivera's; phone +12125550101, email eleanor.whitfield@example.com, policy LIF-100010 renewing in 12 days.</summary>
    public static Guid EleanorWhitfield => RelationshipCare.Web.Modules.Crm.DemoClients.EleanorWhitfieldId;

    /// <summary>Sam Taylor's (Commercial Lines); policy COM-100020 renewing in 45 days.</summary>
    public static Guid MarcusBell => RelationshipCare.Web.Modules.Crm.DemoClients.MarcusBellId;

    /// <summary>Priya Shah's, shared with Jamie Rivera.</summary>
    public static Guid NadiaPetrov => RelationshipCare.Web.Modules.Crm.DemoClients.NadiaPetrovId;

    public const int Count = RelationshipCare.Web.Modules.Crm.DemoClients.Count;
}

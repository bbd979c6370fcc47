using System.Net;
using RelationshipCare.Tests.Infrastructure;

namespace RelationshipCare.Tests.Platform.Jobs;

[Collection(HostCollection.Name)]
public sealed class JobsDashboardTests(HostFixture host) : HostTest(host)
{
    [Fact]
    public async Task Given_a_signed_in_team_lead_When_opening_the_jobs_dashboard_Then_they_are_sent_to_access_denied()
    {
        var morgan = await SignedInBrowserAsync(Demo.MorganLee);

        var response = await morgan.GetAsync("/backoffice/jobs", Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/access-denied", response.RedirectPath(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_a_signed_in_admin_When_opening_the_jobs_dashboard_Then_it_shows_the_recurring_jobs()
    {
        var admin = await SignedInBrowserAsync(Demo.Admin);

        var dashboard = await admin.GetAsync("/backoffice/jobs", Ct);
        var recurring = await admin.GetAsync("/backoffice/jobs/recurring", Ct);

        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Equal(HttpStatusCode.OK, recurring.StatusCode);
        Assert.Contains("platform:purge-retired-api-keys", await recurring.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }
}

using System.Net;
using System.Net.Http.Json;
using RelationshipCare.Tests.Infrastructure;
using RelationshipCare.Web.Platform.Identity.Features;

namespace RelationshipCare.Tests.Platform.Identity;

[Collection(HostCollection.Name)]
public sealed class ChangePasswordTests(HostFixture host) : HostTest(host)
{
    private const string NewPassword = "Harbor-Lantern-42x";

    [Fact]
    public async Task Given_an_agent_When_changing_their_password_Then_only_the_new_one_signs_in()
    {
        var jamie = await ApiClientAsync(Demo.JamieRivera);

        var response = await jamie.PostAsJsonAsync("/api/account/password", new ChangePassword.Command(Demo.JamieRivera.Password, NewPassword), TestJson.Options, Ct);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("/", (await SignInForm.SubmitAsync(Browser(), Demo.JamieRivera.Email, NewPassword)).RedirectPath());
        Assert.Equal(HttpStatusCode.OK, (await SignInForm.SubmitAsync(Browser(), Demo.JamieRivera.Email, Demo.JamieRivera.Password)).StatusCode);
    }

    [Theory]
    [InlineData("Not-the-password-1", NewPassword, "currentPassword")]
    [InlineData("", NewPassword, "currentPassword")]
    [InlineData(Demo.Password, "", "newPassword")]
    [InlineData(Demo.Password, Demo.Password, "newPassword")]
    [InlineData(Demo.Password, "short1!A", "newPassword")]
    [InlineData(Demo.Password, "alllowercaseletters", "newPassword")]
    public async Task Given_a_wrong_current_password_or_a_weak_new_one_When_changing_Then_it_is_refused_and_the_old_one_still_works(
        string current, string proposed, string field)
    {
        var jamie = await ApiClientAsync(Demo.JamieRivera);

        var response = await jamie.PostAsJsonAsync("/api/account/password", new ChangePassword.Command(current, proposed), TestJson.Options, Ct);

        await response.ShouldBeValidationProblemAsync(field);
        Assert.Equal("/", (await SignInForm.SubmitAsync(Browser(), Demo.JamieRivera.Email, Demo.JamieRivera.Password)).RedirectPath());
    }
}

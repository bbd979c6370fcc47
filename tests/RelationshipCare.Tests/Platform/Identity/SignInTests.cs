using System.Net;
using RelationshipCare.Tests.Infrastructure;

namespace RelationshipCare.Tests.Platform.Identity;

[Collection(HostCollection.Name)]
public sealed class SignInTests(HostFixture host) : HostTest(host)
{
    private const string WrongPassword = "Not-the-password-1";

    [Fact]
    public async Task Given_the_demo_team_lead_When_signing_in_through_the_form_Then_the_dashboard_greets_them()
    {
        var morgan = await SignedInBrowserAsync(Demo.MorganLee);

        var dashboard = await morgan.GetAsync("/", Ct);

        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains($"Welcome back, {Demo.MorganLee.FirstName}", await dashboard.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_a_wrong_password_When_signing_in_Then_the_page_says_so_and_nobody_is_signed_in()
    {
        var browser = Browser();

        var response = await SignInForm.SubmitAsync(browser, Demo.JamieRivera.Email, WrongPassword);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The email or password is not correct", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var dashboard = await browser.GetAsync("/", Ct);
        Assert.StartsWith(SignInForm.Path, dashboard.RedirectPath(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_five_wrong_passwords_When_signing_in_Then_the_account_is_locked_even_for_the_right_password()
    {
        var browser = Browser();
        for (var attempt = 1; attempt < 5; attempt++)
        {
            Assert.Equal(HttpStatusCode.OK, (await SignInForm.SubmitAsync(browser, Demo.JamieRivera.Email, WrongPassword)).StatusCode);
        }

        var fifth = await SignInForm.SubmitAsync(browser, Demo.JamieRivera.Email, WrongPassword);
        var rightPassword = await SignInForm.SubmitAsync(browser, Demo.JamieRivera.Email, Demo.JamieRivera.Password);

        Assert.Equal("/account/lockout", fifth.RedirectPath());
        Assert.Equal("/account/lockout", rightPassword.RedirectPath());
        Assert.StartsWith(SignInForm.Path, (await browser.GetAsync("/", Ct)).RedirectPath(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_four_wrong_passwords_When_the_right_one_follows_Then_the_agent_signs_in()
    {
        var browser = Browser();
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            await SignInForm.SubmitAsync(browser, Demo.JamieRivera.Email, WrongPassword);
        }

        var response = await SignInForm.SubmitAsync(browser, Demo.JamieRivera.Email, Demo.JamieRivera.Password);

        Assert.Equal("/", response.RedirectPath());
    }

    [Fact]
    public async Task Given_a_sign_in_post_without_the_antiforgery_token_When_sent_Then_it_is_refused()
    {
        var browser = Browser();
        var form = await SignInForm.OpenAsync(browser);
        var fields = form.Fields.Where(f => f.Key != "__RequestVerificationToken").ToDictionary();
        fields[form.EmailField] = Demo.JamieRivera.Email;
        fields[form.PasswordField] = Demo.JamieRivera.Password;

        var response = await browser.PostAsync(form.Action, new FormUrlEncodedContent(fields), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith(SignInForm.Path, (await browser.GetAsync("/", Ct)).RedirectPath(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://elsewhere.example/phish", "/")]
    [InlineData("//elsewhere.example/phish", "/")]
    [InlineData("/\\elsewhere.example/phish", "/")]
    [InlineData("/profile", "/profile")]
    public async Task Given_a_return_address_When_signing_in_Then_only_a_local_one_is_followed(string returnUrl, string expected)
    {
        var browser = Browser();

        var response = await SignInForm.SubmitAsync(
            browser, Demo.JamieRivera.Email, Demo.JamieRivera.Password, $"{SignInForm.Path}?returnUrl={Uri.EscapeDataString(returnUrl)}");

        Assert.Equal(expected, response.RedirectPath());
        Assert.Equal("127.0.0.1", new Uri(response.RequestMessage!.RequestUri!, response.Headers.Location!).Host);
    }

    [Fact]
    public async Task Given_a_signed_in_browser_When_signing_out_without_the_antiforgery_token_Then_it_is_refused_and_the_session_stays()
    {
        var jamie = await SignedInBrowserAsync(Demo.JamieRivera);

        var response = await jamie.PostAsync("/account/logout", new FormUrlEncodedContent([]), Ct);

        // Refused, not redirected to the sign-in page. (The browser sees the error page's answer to a re-executed
        // post, which is 404 today; the refusal is what matters here.)
        Assert.InRange((int)response.StatusCode, 400, 499);
        Assert.Equal(HttpStatusCode.OK, (await jamie.GetAsync("/", Ct)).StatusCode);
    }
}

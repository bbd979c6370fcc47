using System.Net;
using System.Net.Http.Headers;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;

namespace RelationshipCare.Tests.Infrastructure;

/// <summary>HTTP clients for the host under test: API clients with a personal API key, and browsers with a sign-in cookie.</summary>
internal static class Clients
{
    /// <summary>An API client: asks for JSON and sends <paramref name="apiKey"/> as a bearer token, when given.</summary>
    public static HttpClient CreateApiClient(this WebApplicationFactory<Program> factory, string? apiKey = null)
    {
        var client = Create(factory, handleCookies: false);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return client;
    }

    /// <summary>A browser: keeps cookies, asks for HTML and does not follow redirects, so tests see where it is sent.</summary>
    public static HttpClient CreateBrowser(this WebApplicationFactory<Program> factory)
    {
        var browser = Create(factory, handleCookies: true);
        browser.DefaultRequestHeaders.Accept.ParseAdd("text/html,application/xhtml+xml");
        return browser;
    }

    /// <summary>Where the host listens: started on first use, on the loopback port Kestrel was given.</summary>
    public static Uri Address(this WebApplicationFactory<Program> factory)
    {
        factory.StartServer();
        return new Uri(factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
    }

    /// <summary>A plain client of the host's real port, which never follows redirects: tests assert where they lead.</summary>
    private static HttpClient Create(WebApplicationFactory<Program> factory, bool handleCookies) =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = handleCookies, CookieContainer = new CookieContainer() })
        {
            BaseAddress = factory.Address(),
        };

    /// <summary>A browser signed in as <paramref name="person"/> through the real sign-in form.</summary>
    public static async Task<HttpClient> SignInAsync(this WebApplicationFactory<Program> factory, DemoPerson person)
    {
        var browser = factory.CreateBrowser();
        var response = await SignInForm.SubmitAsync(browser, person.Email, person.Password);
        if (response.StatusCode != HttpStatusCode.Redirect || response.RedirectPath() != "/")
        {
            throw new InvalidOperationException(
                $"Signing in as {person} answered {(int)response.StatusCode} to {response.Headers.Location}: {await response.Content.ReadAsStringAsync()}");
        }

        return browser;
    }
}

internal static class Redirects
{
    /// <summary>Where a redirect sends the browser, as a local path and query (null when it is not a redirect).</summary>
    public static string? RedirectPath(this HttpResponseMessage response) =>
        response.Headers.Location is { } location ? new Uri(response.RequestMessage!.RequestUri!, location).PathAndQuery : null;
}

/// <summary>The sign-in page's form, filled in and posted as a browser does: with its antiforgery token and form name.</summary>
internal static class SignInForm
{
    public const string Path = "/account/login";

    /// <summary>Opens the sign-in page (at <paramref name="page"/>, which may carry a return address) and signs in.</summary>
    public static async Task<HttpResponseMessage> SubmitAsync(HttpClient browser, string email, string password, string page = Path)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var form = await OpenAsync(browser, page);
        var fields = form.Fields;
        fields[form.EmailField] = email;
        fields[form.PasswordField] = password;
        return await browser.PostAsync(form.Action, new FormUrlEncodedContent(fields), cancellationToken);
    }

    /// <summary>The form as the page renders it: where it posts, its fields with their values, and the names of the two inputs a person fills in.</summary>
    public sealed record Form(string Action, Dictionary<string, string> Fields, string EmailField, string PasswordField);

    public static async Task<Form> OpenAsync(HttpClient browser, string page = Path)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var response = await browser.GetAsync(page, cancellationToken);
        response.EnsureSuccessStatusCode();
        var document = await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync(cancellationToken), cancellationToken);
        var form = document.QuerySelector<IHtmlFormElement>("form[method=post]")
            ?? throw new InvalidOperationException("The sign-in page has no form.");

        // Every field the page put in the form: the antiforgery token and the form's name among them.
        var fields = form.Elements.OfType<IHtmlInputElement>()
            .Where(input => !string.IsNullOrEmpty(input.Name) && input.Type is not ("checkbox" or "submit"))
            .ToDictionary(input => input.Name!, input => input.Value);
        return new Form(form.GetAttribute("action") ?? page, fields, NameOf(form, "email"), NameOf(form, "password"));
    }

    private static string NameOf(IHtmlFormElement form, string id) =>
        form.QuerySelector<IHtmlInputElement>($"#{id}")?.Name ?? throw new InvalidOperationException($"The sign-in form has no #{id} field.");
}

using Microsoft.Playwright;
using RelationshipCare.Web.Platform.Hosting;
using static Microsoft.Playwright.Assertions;

namespace RelationshipCare.EndToEnd;

/// <summary>What a person does in the app, in the words the page shows.</summary>
internal static class PageActions
{
    /// <summary>The demo agency's sign-in for <paramref name="login"/>, such as <c>morgan.lee</c>.</summary>
    public static string DemoEmail(string login) => $"{login}@{DemoAgencyCredentials.EmailDomain}";

    public static async Task SignInAsync(this IPage page, string email, string password = DemoAgencyCredentials.Password)
    {
        if (!page.Url.Contains("/account/login", StringComparison.Ordinal))
        {
            await page.GotoAsync("account/login");
        }

        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    /// <summary>
    /// Waits for the page's live connection: pages render first as plain HTML, and clicks only count once the
    /// circuit is up (the layout marks <c>main</c> then).
    /// </summary>
    public static Task WaitUntilInteractiveAsync(this IPage page) =>
        Expect(page.Locator("main[data-interactive=true]")).ToBeAttachedAsync();

    /// <summary>Follows an entry of the side navigation and waits until its page is there and live.</summary>
    public static async Task OpenNavigationAsync(this IPage page, string entry)
    {
        // A click before the circuit is up can be lost between the plain page and the live one.
        await page.WaitUntilInteractiveAsync();
        var link = page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = entry, Exact = true });
        // The link's resolved address: its href is relative to the document's base, not to the current page.
        var target = new Uri(await link.EvaluateAsync<string>("a => a.href")).AbsolutePath;
        await link.ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == target);
        await page.WaitUntilInteractiveAsync();
    }

    public static ILocator Heading(this IPage page) => page.GetByRole(AriaRole.Heading, new() { Level = 1 });

    public static async Task SignOutAsync(this IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new("^Your account") }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "Sign out" }).ClickAsync();
    }
}

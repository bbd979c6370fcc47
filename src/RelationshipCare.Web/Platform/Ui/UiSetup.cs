using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using MudBlazor.Services;
using RelationshipCare.Web.Platform.Identity;

namespace RelationshipCare.Web.Platform.Ui;

internal static class UiSetup
{
    public static IServiceCollection AddPlatformUi(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents(options =>
            options.DetailedErrors = false);
        // Messages at the bottom cover neither the app bar nor a page's main action, on a phone or a desk.
        services.AddMudServices(mud => mud.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomCenter);
        services.AddScoped<IAppSender, CircuitSender>();
        services.AddNavEntry(new NavEntry("Jobs", "backoffice/jobs", MudBlazor.Icons.Material.Filled.Schedule, NavArea.BackOffice, AppPolicies.Admin, 900, ForceLoad: true));
        services.AddNavEntry(new NavEntry("API reference", "api/docs", MudBlazor.Icons.Material.Filled.Api, NavArea.Agent, AppPolicies.SignedIn, 900, ForceLoad: true));
        return services;
    }

    public static WebApplication MapPlatformUi(this WebApplication app)
    {
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

        // A form post from the account menu, with an antiforgery token so no other site can sign the agent out.
        app.MapPost("/account/logout", async Task<Results<RedirectHttpResult, BadRequest>> (HttpContext context, SignInManager<AppUser> signIn) =>
            {
                // The antiforgery middleware only records its verdict; an endpoint that binds no form must act on it.
                if (context.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false })
                {
                    return TypedResults.BadRequest();
                }

                await signIn.SignOutAsync();
                return TypedResults.LocalRedirect("~/account/login");
            })
            .RequireAuthorization(AppPolicies.SignedIn)
            .WithMetadata(new RequireAntiforgeryTokenAttribute())
            .ExcludeFromDescription();
        return app;
    }
}

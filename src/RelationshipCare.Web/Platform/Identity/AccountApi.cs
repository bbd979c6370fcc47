using RelationshipCare.Web.Platform.Api;
using RelationshipCare.Web.Platform.Identity.Features;

namespace RelationshipCare.Web.Platform.Identity;

internal static class AccountApi
{
    /// <summary>The signed-in agent's own account: API keys and password, under <c>/api/account</c>.</summary>
    public static WebApplication MapAccountApi(this WebApplication app)
    {
        var account = app.MapModuleApi("account", "Account");
        ListApiKeys.Map(account);
        CreateApiKey.Map(account);
        RevokeApiKey.Map(account);
        ChangePassword.Map(account);
        return app;
    }
}

using Microsoft.ML.Tokenizers;
using RelationshipCare.Web.Modules.AiRouting.Providers.Local;
using RelationshipCare.Web.Platform.Configuration;

namespace RelationshipCare.Web.Modules.AiRouting.Providers;

internal static class AiProvidersSetup
{
    /// <summary>
    /// Registers <see cref="IAiProviders"/>: the built-in local provider always, and each provider configured under
    /// <c>AiProviders:Providers</c>.
    /// </summary>
    public static IServiceCollection AddAiProviders(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddAppOptions<AiProvidersOptions>();
        services.AddSingleton(sp => new LocalChatClient(TiktokenTokenizer.CreateForModel("gpt-4o"), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IAiProviders, AiProviders>();
        return services;
    }
}

using FluentValidation;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace RelationshipCare.Web.Modules.Crm.Connectors;

internal static class CrmConnectorsSetup
{
    /// <summary>
    /// The connectors' services: a named HttpClient per CRM (timeouts are the connection's resilience pipeline's, so
    /// the client's own is off), the factory that keeps one connector per connection, and the settings' validator.
    /// The clients log nothing: CRM paths and queries can carry personal data (an email as an id, a SOQL filter).
    /// </summary>
    public static IServiceCollection AddCrmConnectors(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        foreach (var kind in new[] { CrmKind.Salesforce, CrmKind.HubSpot, CrmKind.Zoho })
        {
            services.AddHttpClient(CrmConnectorFactory.HttpClientName(kind), client => client.Timeout = Timeout.InfiniteTimeSpan)
                .RemoveAllLoggers();
        }

        services.TryAddSingleton<CrmConnectorFactory>();
        services.TryAddSingleton<IValidator<CrmConnectionSettings>, CrmConnectionSettings.Validator>();
        return services;
    }
}

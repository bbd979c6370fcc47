using System.Globalization;
using System.Text;
using Mediator;
using RelationshipCare.Web.Modules.Crm.Contracts;

namespace RelationshipCare.Web.Modules.AiRouting.Routing;

/// <summary>What the router needs of the CRM: whether an agent may see a client, and the client's context for a model.</summary>
internal interface IClientContextSource
{
    Task<bool> CanSeeAsync(Guid agentId, Guid clientId, CancellationToken cancellationToken);

    /// <summary>A plain-text summary of the client for the model (contact, policies, preferences), or null when there is none.</summary>
    Task<string?> ContextForAsync(Guid agentId, Guid clientId, CancellationToken cancellationToken);
}

/// <summary>Answers through the Crm module's contracts, so the CRM's visibility rules decide what a model may be told.</summary>
internal sealed class CrmClientContext(ISender sender) : IClientContextSource
{
    public async Task<bool> CanSeeAsync(Guid agentId, Guid clientId, CancellationToken cancellationToken)
    {
        var visible = await sender.Send(new CanAgentSeeClient(agentId, clientId), cancellationToken);
        return visible is { IsError: false, Value: true };
    }

    public async Task<string?> ContextForAsync(Guid agentId, Guid clientId, CancellationToken cancellationToken)
    {
        var client = await sender.Send(new GetClientSnapshot(clientId, agentId), cancellationToken);
        return client.IsError ? null : Describe(client.Value);
    }

    /// <summary>The facts an agent would read on the client's page, one per line, in words a model reads well.</summary>
    internal static string Describe(ClientSnapshot client)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Name: {client.FullName}\n");
        AppendIf(text, "Company", client.Company);
        AppendIf(text, "State", client.Address?.State);
        AppendIf(text, "Preferred channel", client.Preferences.PreferredChannel);
        AppendIf(text, "Language", client.Preferences.Language);
        AppendIf(text, "Last contacted on", client.LastContactAt?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        AppendIf(text, "Renewal date", client.NextRenewalDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (client.Policies.FirstOrDefault(p => p.ExpirationDate == client.NextRenewalDate) is { } renewing)
        {
            AppendIf(text, "Policy", renewing.LineOfBusiness);
            AppendIf(text, "Policy number", renewing.Number);
        }

        foreach (var policy in client.Policies)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"Policy {policy.Number}: {policy.LineOfBusiness}, {policy.Status}, carrier {policy.Carrier ?? "unknown"}, premium {policy.Premium?.ToString("0.00", CultureInfo.InvariantCulture) ?? "unknown"}, expires {policy.ExpirationDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "unknown"}\n");
        }

        return text.ToString();
    }

    private static void AppendIf(StringBuilder text, string label, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            text.Append(CultureInfo.InvariantCulture, $"{label}: {value}\n");
        }
    }
}

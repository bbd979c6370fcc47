using ErrorOr;
using Mediator;
using Microsoft.EntityFrameworkCore;
using RelationshipCare.Web.Modules.Crm.Contracts;
using RelationshipCare.Web.Modules.Crm.Data;
using RelationshipCare.Web.Modules.Crm.Features;
using RelationshipCare.Web.Platform.Identity;
using MappedFields = RelationshipCare.Web.Modules.Crm.Connectors.Mapping.ClientFields;

namespace RelationshipCare.Web.Modules.Crm;

/// <summary>
/// What adding and editing a policy share. The edit is based on the client's version the agent saw (a policy is part
/// of its client: the client's version guards both). A policy of a client kept in a CRM goes to the outbox in the same
/// unit of work; a connection that does not carry policies refuses the edit here, rather than accept a change its CRM
/// would never get.
/// </summary>
internal sealed class PolicyEdits(
    CrmDbContext db, ClientVisibility visibility, CrmConnections connections, ClientOutbox outbox,
    ICurrentAgent agent, ISender sender, TimeProvider time)
{
    /// <summary>Adds a policy (<paramref name="policyId"/> null) or edits one, and answers the client as it is now.</summary>
    public async Task<ErrorOr<GetClient.ClientDetails>> SaveAsync(Guid clientId, int version, Guid? policyId, PolicyFields fields, CancellationToken cancellationToken)
    {
        var viewer = await visibility.OfCurrentAsync(cancellationToken);
        var client = await visibility.FindAsync(viewer, clientId, cancellationToken);
        if (client is null)
        {
            return CrmErrors.ClientNotFound(clientId);
        }

        var policy = policyId is { } id ? client.Policies.FirstOrDefault(p => p.Id == id) : null;
        if (policyId is not null && policy is null)
        {
            return CrmErrors.PolicyNotFound(policyId.Value);
        }

        if (client.Version != version)
        {
            return CrmErrors.ClientChanged;
        }

        // A client whose connection was deleted stays in the platform's store: its policies are edited here only.
        var connection = client.SourceConnectionId is { } connectionId
            ? await db.Connections.AsNoTracking().SingleOrDefaultAsync(c => c.Id == connectionId, cancellationToken)
            : null;
        if (connection is not null && RefusalOf(connection, client) is { } refused)
        {
            return refused;
        }

        var number = fields.Number.Trim().ToUpperInvariant();
        if (await db.Policies.AnyAsync(p => p.Number == number && p.Id != policyId, cancellationToken))
        {
            return CrmErrors.PolicyNumberTakenBy("Policy.Number");
        }

        var now = time.GetUtcNow();
        if (policy is null)
        {
            policy = new ClientPolicy { Id = Guid.CreateVersion7(now), ClientId = client.Id, Number = number, LineOfBusiness = fields.LineOfBusiness };
            client.Policies.Add(policy);
            db.Policies.Add(policy);
        }

        fields.ApplyTo(policy);
        // Marks what the outbox's delivery sends after the client; cleared once the CRM has it.
        policy.WritePendingSince = connection is null ? null : now;
        client.PoliciesChanged();
        await outbox.SaveEditAsync(client, version, now, cancellationToken);
        outbox.Announce(new ClientUpdated(client.Id, agent.Id, now));
        return await sender.Send(new GetClient.Query(client.Id), cancellationToken);
    }

    /// <summary>Why the client's CRM cannot take a policy change, if it cannot.</summary>
    private Error? RefusalOf(CrmConnection connection, Client client)
    {
        var capabilities = connections.ConnectorOf(connection).Capabilities;
        if (!capabilities.WritesPolicies)
        {
            return CrmErrors.PoliciesNotCarried($"the {connection.Kind} connection \"{connection.Name}\" does not carry policies");
        }

        return capabilities.RequiredForPolicies.Contains(MappedFields.Company) && string.IsNullOrWhiteSpace(client.Company)
            ? CrmErrors.PolicyNeedsCompany(connection.Kind)
            : null;
    }
}

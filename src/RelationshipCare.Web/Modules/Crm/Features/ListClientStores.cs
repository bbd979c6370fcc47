using ErrorOr;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RelationshipCare.Web.Modules.Crm.Connectors;
using RelationshipCare.Web.Modules.Crm.Data;
using RelationshipCare.Web.Platform.Errors;
using MappedFields = RelationshipCare.Web.Modules.Crm.Connectors.Mapping.ClientFields;

namespace RelationshipCare.Web.Modules.Crm.Features;

/// <summary>
/// Where a new client may be kept: the enabled CRM connections, with what each needs and carries, for everyone who
/// adds clients (the connection's settings stay with admins). Relationship Care's own store is always a choice.
/// </summary>
internal static class ListClientStores
{
    public sealed record Query : IQuery<ErrorOr<IReadOnlyList<ClientStore>>>;

    /// <param name="WritesPolicies">Policies of its clients are written there; otherwise they cannot be added or edited.</param>
    /// <param name="NeedsEmail">A client is created there only with an email (the CRM's duplicate check).</param>
    /// <param name="PoliciesNeedCompany">Policies are written only for a client with a company (the insured account).</param>
    public sealed record ClientStore(Guid ConnectionId, string Name, CrmKind Kind, bool WritesPolicies, bool NeedsEmail, bool PoliciesNeedCompany);

    internal sealed class Validator : AbstractValidator<Query>;

    internal sealed class Handler(CrmDbContext db, CrmConnections connections) : IQueryHandler<Query, ErrorOr<IReadOnlyList<ClientStore>>>
    {
        public async ValueTask<ErrorOr<IReadOnlyList<ClientStore>>> Handle(Query query, CancellationToken cancellationToken)
        {
            var enabled = await db.Connections.AsNoTracking().Where(c => c.Enabled).OrderBy(c => c.Name).ToListAsync(cancellationToken);
            return enabled.Select(c => Store(c, connections.ConnectorOf(c).Capabilities)).ToList();
        }

        private static ClientStore Store(CrmConnection connection, CrmCapabilities capabilities) => new(
            connection.Id,
            connection.Name,
            connection.Kind,
            capabilities.WritesPolicies,
            capabilities.RequiredToCreate.Contains(MappedFields.Email),
            capabilities.RequiredForPolicies.Contains(MappedFields.Company));
    }

    public static void Map(IEndpointRouteBuilder crm) =>
        crm.MapGet("/client-stores", async Task<Results<Ok<IReadOnlyList<ClientStore>>, ProblemHttpResult>> (ISender sender, CancellationToken ct) =>
                (await sender.Send(new Query(), ct)).ToOk())
            .WithName("ListClientStores")
            .WithSummary("The enabled CRM connections a new client may be kept in, with what each needs and carries.");
}

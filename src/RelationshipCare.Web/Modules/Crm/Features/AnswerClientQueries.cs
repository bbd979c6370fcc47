using ErrorOr;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using RelationshipCare.Web.Modules.Crm.Contracts;
using RelationshipCare.Web.Modules.Crm.Data;

namespace RelationshipCare.Web.Modules.Crm.Features;

/// <summary>Answers the queries other modules send about clients, each with the visibility of the agent they name.</summary>
internal static class AnswerClientQueries
{
    internal sealed class SnapshotValidator : AbstractValidator<GetClientSnapshot>
    {
        public SnapshotValidator()
        {
            RuleFor(q => q.ClientId).NotEmpty();
            RuleFor(q => q.AgentId).NotEmpty();
        }
    }

    internal sealed class SearchValidator : AbstractValidator<SearchClients>
    {
        public SearchValidator()
        {
            RuleFor(q => q.AgentId).NotEmpty();
            RuleFor(q => q.Text).MaximumLength(100);
            RuleFor(q => q.Limit).InclusiveBetween(1, 100);
        }
    }

    internal sealed class CanSeeValidator : AbstractValidator<CanAgentSeeClient>
    {
        public CanSeeValidator()
        {
            RuleFor(q => q.AgentId).NotEmpty();
            RuleFor(q => q.ClientId).NotEmpty();
        }
    }

    internal sealed class Handler(CrmDbContext db, ClientVisibility visibility)
        : IQueryHandler<GetClientSnapshot, ErrorOr<ClientSnapshot>>,
          IQueryHandler<SearchClients, ErrorOr<IReadOnlyList<ClientSummary>>>,
          IQueryHandler<CanAgentSeeClient, ErrorOr<bool>>
    {
        public async ValueTask<ErrorOr<ClientSnapshot>> Handle(GetClientSnapshot query, CancellationToken cancellationToken)
        {
            var viewer = await visibility.OfAgentAsync(query.AgentId, cancellationToken);
            var client = await visibility.Visible(viewer).AsNoTracking().Include(c => c.Policies)
                .SingleOrDefaultAsync(c => c.Id == query.ClientId, cancellationToken);
            if (client is null)
            {
                return CrmErrors.ClientNotFound(query.ClientId);
            }

            return new ClientSnapshot(
                client.Id,
                client.FirstName,
                client.LastName,
                client.Email,
                client.Phone,
                client.Company,
                client.Birthdate,
                client.Address,
                new ClientPreferences(client.PreferredChannel, client.QuietHoursStart, client.QuietHoursEnd, client.Language, client.TimeZone),
                client.OwnerAgentId,
                client.Source.ToString(),
                client.LastContactAt,
                client.NextRenewalDate,
                client.CustomFields,
                [.. client.Policies.Select(p => new PolicySnapshot(p.Number, p.LineOfBusiness, p.Carrier, p.Premium, p.EffectiveDate, p.ExpirationDate, p.Status))]);
        }

        public async ValueTask<ErrorOr<IReadOnlyList<ClientSummary>>> Handle(SearchClients query, CancellationToken cancellationToken)
        {
            var viewer = await visibility.OfAgentAsync(query.AgentId, cancellationToken);
            return await visibility.Visible(viewer).AsNoTracking()
                .Matching(db, query.Text)
                .OrderBy(c => c.SortName).ThenBy(c => c.Id)
                .Take(query.Limit)
                .Select(c => new ClientSummary(c.Id, c.FirstName, c.LastName, c.Email, c.Phone, c.Company, c.NextRenewalDate))
                .ToListAsync(cancellationToken);
        }

        public async ValueTask<ErrorOr<bool>> Handle(CanAgentSeeClient query, CancellationToken cancellationToken)
        {
            var viewer = await visibility.OfAgentAsync(query.AgentId, cancellationToken);
            return await visibility.Visible(viewer).AnyAsync(c => c.Id == query.ClientId, cancellationToken);
        }
    }
}

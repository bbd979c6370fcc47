using System.Buffers.Text;
using System.Globalization;
using System.Text;
using ErrorOr;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RelationshipCare.Web.Modules.Crm.Connectors;
using RelationshipCare.Web.Modules.Crm.Contracts;
using RelationshipCare.Web.Modules.Crm.Data;
using RelationshipCare.Web.Modules.Teams.Contracts;
using RelationshipCare.Web.Platform.Errors;

namespace RelationshipCare.Web.Modules.Crm.Features;

internal enum ClientSort
{
    /// <summary>By last name, then first name.</summary>
    Name,

    /// <summary>Soonest renewal first; clients without an active policy last.</summary>
    NextRenewal,

    /// <summary>Most recently contacted first; never contacted last.</summary>
    LastContact,
}

/// <summary>
/// "My clients": the clients the caller sees, searched, filtered and sorted, a page at a time. Pages are keyset
/// pages (each continues after the last row of the one before, through <see cref="ClientPage.NextCursor"/>), so a
/// page costs the same at row 25 as at row 90,000 and no row is skipped or repeated when clients are added meanwhile.
/// </summary>
internal static class ListClients
{
    public const int MaxPageSize = 100;

    /// <summary>
    /// Matches are counted up to this many: counting all of a 100,000-client book costs more than the page itself,
    /// and "more than 1,000" says all a person needs.
    /// </summary>
    public const int CountLimit = 1000;

    /// <param name="Search">A name (last name, or first and last), an email, a phone number or a policy number.</param>
    /// <param name="RenewalWithinDays">Only clients with an active policy expiring within this many days (1 to 366).</param>
    /// <param name="LineOfBusiness">Only clients with a policy of this line of business.</param>
    /// <param name="Source">Only clients kept in this CRM (Native is the platform's own store).</param>
    /// <param name="After">The previous page's <c>nextCursor</c>; empty for the first page.</param>
    /// <param name="RemovedFromCrm">Only the clients whose CRM deleted their record (hidden otherwise).</param>
    public sealed record Query(
        string? Search = null,
        int? RenewalWithinDays = null,
        string? LineOfBusiness = null,
        CrmKind? Source = null,
        ClientSort Sort = ClientSort.Name,
        string? After = null,
        int PageSize = 25,
        bool RemovedFromCrm = false) : IQuery<ErrorOr<ClientPage>>;

    public sealed record ClientRow(
        Guid Id,
        string FirstName,
        string LastName,
        string? Email,
        string? Phone,
        string? Company,
        Guid OwnerAgentId,
        CrmKind Source,
        DateOnly? NextRenewalDate,
        DateTimeOffset? LastContactAt,
        DateTimeOffset? RemovedFromCrmAt);

    /// <param name="Total">How many clients match (the same on every page), counted up to 1,000.</param>
    /// <param name="TotalIsLowerBound">True when more clients match than <paramref name="Total"/> says.</param>
    /// <param name="NextCursor">Pass as <c>after</c> for the next page; null on the last page.</param>
    public sealed record ClientPage(IReadOnlyList<ClientRow> Items, int Total, bool TotalIsLowerBound, string? NextCursor);

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Search).MaximumLength(100);
            RuleFor(q => q.RenewalWithinDays).InclusiveBetween(1, 366);
            RuleFor(q => q.LineOfBusiness).Must(line => line is null || LinesOfBusiness.All.Contains(line))
                .WithMessage($"Use one of: {string.Join(", ", LinesOfBusiness.All)}.");
            RuleFor(q => q.Source).IsInEnum();
            RuleFor(q => q.Sort).IsInEnum();
            RuleFor(q => q.After).Must((query, after) => after is null || Cursor.TryRead(after, query.Sort, out _))
                .WithMessage("This cursor is not one this list gave out for this order; start again from the first page.");
            RuleFor(q => q.PageSize).InclusiveBetween(1, MaxPageSize);
        }
    }

    internal sealed class Handler(CrmDbContext db, ClientVisibility visibility, TimeProvider time) : IQueryHandler<Query, ErrorOr<ClientPage>>
    {
        public async ValueTask<ErrorOr<ClientPage>> Handle(Query query, CancellationToken cancellationToken)
        {
            var viewer = await visibility.OfCurrentAsync(cancellationToken);
            var clients = visibility.Visible(viewer).AsNoTracking().Matching(db, query.Search);
            // Clients their CRM deleted stay for the agency's records, out of the working list unless asked for.
            clients = query.RemovedFromCrm ? clients.Where(c => c.RemovedFromCrmAt != null) : clients.Where(c => c.RemovedFromCrmAt == null);
            if (query.RenewalWithinDays is { } days)
            {
                var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
                var until = today.AddDays(days);
                clients = clients.Where(c => db.Policies.Any(p =>
                    p.ClientId == c.Id && p.Status == PolicyStatus.Active && p.ExpirationDate >= today && p.ExpirationDate <= until));
            }

            if (query.LineOfBusiness is { } line)
            {
                clients = clients.Where(c => db.Policies.Any(p => p.ClientId == c.Id && p.LineOfBusiness == line));
            }

            if (query.Source is { } source)
            {
                clients = clients.Where(c => c.Source == source);
            }

            var counted = await clients.Take(CountLimit + 1).CountAsync(cancellationToken);
            var after = query.After is null ? null : Cursor.TryRead(query.After, query.Sort, out var cursor) ? cursor : null;
            var rows = await Page(clients, query.Sort, after)
                .Take(query.PageSize + 1)
                .Select(c => new ClientRow(c.Id, c.FirstName, c.LastName, c.Email, c.Phone, c.Company, c.OwnerAgentId, c.Source, c.NextRenewalDate, c.LastContactAt, c.RemovedFromCrmAt))
                .ToListAsync(cancellationToken);

            var more = rows.Count > query.PageSize;
            if (more)
            {
                rows.RemoveAt(rows.Count - 1);
            }

            return new ClientPage(rows, Math.Min(counted, CountLimit), counted > CountLimit, more ? Cursor.After(rows[^1], query.Sort) : null);
        }

        /// <summary>
        /// The rows after the cursor, in the sort's order with the id breaking ties. Rows without a sort value come
        /// last: a cursor holding no value continues among those, by id.
        /// </summary>
        private static IQueryable<Client> Page(IQueryable<Client> clients, ClientSort sort, Cursor? after)
        {
            switch (sort)
            {
                case ClientSort.NextRenewal:
                    if (after is { } renewal)
                    {
                        var date = renewal.Value is null ? (DateOnly?)null : DateOnly.ParseExact(renewal.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture);
                        var id = renewal.Id;
                        clients = date is null
                            ? clients.Where(c => c.NextRenewalDate == null && c.Id.CompareTo(id) > 0)
                            : clients.Where(c => c.NextRenewalDate > date || (c.NextRenewalDate == date && c.Id.CompareTo(id) > 0) || c.NextRenewalDate == null);
                    }

                    return clients.OrderBy(c => c.NextRenewalDate == null).ThenBy(c => c.NextRenewalDate).ThenBy(c => c.Id);

                case ClientSort.LastContact:
                    if (after is { } contact)
                    {
                        var at = contact.Value is null ? (DateTimeOffset?)null : new DateTimeOffset(long.Parse(contact.Value, CultureInfo.InvariantCulture), TimeSpan.Zero);
                        var id = contact.Id;
                        clients = at is null
                            ? clients.Where(c => c.LastContactAt == null && c.Id.CompareTo(id) > 0)
                            : clients.Where(c => c.LastContactAt < at || (c.LastContactAt == at && c.Id.CompareTo(id) > 0) || c.LastContactAt == null);
                    }

                    return clients.OrderBy(c => c.LastContactAt == null).ThenByDescending(c => c.LastContactAt).ThenBy(c => c.Id);

                default:
                    if (after is { Value: { } name } byName)
                    {
                        var id = byName.Id;
                        // The first condition alone lets PostgreSQL start its index scan at the cursor.
                        clients = clients.Where(c => c.SortName.CompareTo(name) >= 0 && (c.SortName.CompareTo(name) > 0 || c.Id.CompareTo(id) > 0));
                    }

                    return clients.OrderBy(c => c.SortName).ThenBy(c => c.Id);
            }
        }
    }

    /// <summary>Where a page ends: the last row's sort value (null when it has none) and id, for the sort it was made for.</summary>
    internal sealed record Cursor(ClientSort Sort, string? Value, Guid Id)
    {
        public static string After(ClientRow row, ClientSort sort)
        {
            var value = sort switch
            {
                ClientSort.NextRenewal => row.NextRenewalDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ClientSort.LastContact => row.LastContactAt?.UtcTicks.ToString(CultureInfo.InvariantCulture),
                _ => Client.NameKey(row.FirstName, row.LastName),
            };
            return Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{sort}\n{row.Id}\n{value}"));
        }

        public static bool TryRead(string text, ClientSort sort, out Cursor cursor)
        {
            cursor = null!;
            try
            {
                var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text)).Split('\n');
                if (parts.Length != 3 || parts[0] != sort.ToString() || !Guid.TryParse(parts[1], out var id))
                {
                    return false;
                }

                var value = parts[2].Length == 0 ? null : parts[2];
                var valid = sort switch
                {
                    ClientSort.NextRenewal => value is null || DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
                    ClientSort.LastContact => value is null || long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _),
                    _ => value is not null,
                };
                cursor = new Cursor(sort, value, id);
                return valid;
            }
            catch (FormatException)
            {
                return false;
            }
        }
    }

    public static void Map(IEndpointRouteBuilder crm) =>
        crm.MapGet("/clients", async Task<Results<Ok<ClientPage>, ProblemHttpResult>> ([AsParameters] Query query, ISender sender, CancellationToken ct) =>
                (await sender.Send(query, ct)).ToOk())
            .WithName("ListClients")
            .WithSummary("Lists the clients you see (\"My clients\"): search, filters, sort and keyset paging.")
            .ProducesValidationProblem();
}

/// <summary>The client search that "My clients" and the <see cref="SearchClients"/> contract share.</summary>
internal static class ClientSearch
{
    /// <summary>
    /// Clients whose email (with an @), phone (when the text is a phone number), policy number or name matches.
    /// Names match by prefix: "whit" finds Whitfield, "eleanor whitfield" and "whitfield, el" find Eleanor Whitfield.
    /// </summary>
    public static IQueryable<Client> Matching(this IQueryable<Client> clients, CrmDbContext db, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return clients;
        }

        var term = text.Trim();
        if (term.Contains('@', StringComparison.Ordinal))
        {
            var email = Prefix(term.ToLowerInvariant());
            return clients.Where(c => EF.Functions.Like(c.Email!, email, "\\"));
        }

        var policyNumber = term.ToUpperInvariant();
        if (term.Count(char.IsAsciiDigit) >= 7 && ClientPhones.ToE164(term) is { } phone)
        {
            return clients.Where(c => c.Phone == phone || db.Policies.Any(p => p.ClientId == c.Id && p.Number == policyNumber));
        }

        var words = term.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var name = Prefix(term.Contains(',', StringComparison.Ordinal) || words.Length == 1
            ? term.ToLowerInvariant()
            : Client.NameKey(string.Join(' ', words[..^1]), words[^1]));
        var firstName = Prefix(term.ToLowerInvariant());
        return clients.Where(c =>
            EF.Functions.Like(c.SortName, name, "\\")
            || EF.Functions.Like(c.FirstName.ToLower(), firstName, "\\")
            || db.Policies.Any(p => p.ClientId == c.Id && p.Number == policyNumber));
    }

    /// <summary>A LIKE pattern matching values that start with <paramref name="text"/>, its wildcards escaped.</summary>
    private static string Prefix(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
}

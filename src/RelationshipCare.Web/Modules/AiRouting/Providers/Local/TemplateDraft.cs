using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace RelationshipCare.Web.Modules.AiRouting.Providers.Local;

/// <summary>
/// Drafts a client message from a template chosen by the instruction's wording (a renewal reminder, an annual review
/// invitation, or a follow-up after a conversation), filled from the request's context. A value the context lacks
/// is left as a bracketed placeholder and listed at the end, so nothing is invented.
/// </summary>
internal static partial class TemplateDraft
{
    // The names each value may go by in the context; compared without case, spaces or punctuation.
    private static readonly string[] FirstNames = ["first name", "preferred name"];
    private static readonly string[] ClientName = ["client name", "client", "name", "full name"];
    private static readonly string[] Policy = ["policy", "policy type", "product", "line of business", "coverage"];
    private static readonly string[] PolicyNumber = ["policy number", "policy no"];
    private static readonly string[] RenewalDate = ["renewal date", "renewal", "renews on", "expiry date", "expiration date", "expires"];
    private static readonly string[] Premium = ["renewal premium", "premium", "new premium"];
    private static readonly string[] AgentName = ["agent name", "agent", "from"];
    private static readonly string[] AgentPhoneNumber = ["agent phone", "office phone"];
    private static readonly string[] Agency = ["agency", "agency name"];
    private static readonly string[] Topic = ["topic", "subject", "regarding", "discussed", "last interaction", "last contact"];
    private static readonly string[] NextStep = ["next step", "next steps", "action", "follow up"];

    /// <summary>Every context field name a template reads (as <see cref="LocalRequest.KeyOf"/> makes them).</summary>
    public static readonly IReadOnlySet<string> KnownFields = new[]
        {
            FirstNames, ClientName, Policy, PolicyNumber, RenewalDate, Premium, AgentName, AgentPhoneNumber, Agency, Topic, NextStep,
        }
        .SelectMany(names => names)
        .Select(LocalRequest.KeyOf)
        .ToHashSet(StringComparer.Ordinal);

    public static string Write(LocalRequest request)
    {
        var fields = new DraftFields(request);
        var body = RenewalWords().IsMatch(request.Instruction) ? Renewal(fields)
            : ReviewWords().IsMatch(request.Instruction) ? Review(fields)
            : FollowUp(fields);

        var text = new StringBuilder(body)
            .Append("\n\nBest regards,\n").Append(fields.Agent);
        if (fields.Optional(Agency) is { } agency)
        {
            text.Append('\n').Append(agency);
        }

        if (fields.Missing.Count > 0)
        {
            text.Append("\n\n(Fill in before sending: ").Append(string.Join(", ", fields.Missing)).Append(".)");
        }

        return text.ToString();
    }

    private static string Renewal(DraftFields f)
    {
        var policy = f.Required("policy", Policy);
        var number = f.Optional(PolicyNumber) is { } n ? $" ({n})" : "";
        var date = FormatDate(f.Required("renewal date", RenewalDate));
        var premium = f.Optional(Premium) is { } p ? $" The renewal premium is {p}." : "";
        return $"""
            Subject: Your {policy} policy renews on {date}

            Hi {f.FirstName},

            Your {policy} policy{number} is due to renew on {date}.{premium} Before then, it is a good moment to check that your coverage still fits: changes to your home, vehicles, family or business can all change what you need.

            If you would like to review your options or have any questions, reply to this message or call me{f.AgentPhone}, and I will be glad to go through them with you.
            """;
    }

    private static string Review(DraftFields f)
    {
        var policy = f.Optional(Policy) is { } p ? $"your {p} coverage" : "your coverage";
        return $"""
            Subject: Time for your annual insurance review

            Hi {f.FirstName},

            It is time for our yearly look at {policy}. A short review makes sure your limits, deductibles and discounts still match your life today, and it is the best moment to ask about anything that has changed.

            Would you have twenty minutes in the next two weeks? Reply with a time that suits you, or call me{f.AgentPhone}.
            """;
    }

    private static string FollowUp(DraftFields f)
    {
        var topic = f.Optional(Topic);
        var next = f.Optional(NextStep);
        var policy = f.Optional(Policy);
        var subject = topic is null ? "Following up" : $"Following up on {topic}";
        var about = topic is null ? "" : $" about {topic}";
        var step = next is null
            ? "I wanted to check whether any questions have come up since."
            : $"As we discussed, the next step is: {next}.";
        var policyLine = policy is null ? "" : $" If anything about your {policy} policy is unclear, I am happy to walk you through it.";
        return $"""
            Subject: {subject}

            Hi {f.FirstName},

            Thank you for taking the time to speak with me{about}. {step}{policyLine}

            Reply to this message or call me{f.AgentPhone} whenever suits you.
            """;
    }

    /// <summary>A date as a client reads it ("January 15, 2027") when it parses, otherwise as given.</summary>
    private static string FormatDate(string value) =>
        DateOnly.TryParse(value, CultureInfo.InvariantCulture, out var date)
            ? date.ToString("MMMM d, yyyy", CultureInfo.InvariantCulture)
            : value;

    [GeneratedRegex(@"\brenew", RegexOptions.IgnoreCase)]
    private static partial Regex RenewalWords();

    [GeneratedRegex(@"\b(review|check-?up|annual)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ReviewWords();

    /// <summary>The context values a template uses, remembering which ones it had to leave as placeholders.</summary>
    private sealed class DraftFields(LocalRequest request)
    {
        private readonly List<string> _missing = [];

        public IReadOnlyList<string> Missing => _missing;

        public string FirstName =>
            Optional(FirstNames)
            ?? Optional(ClientName)?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]
            ?? Placeholder("client's name");

        public string Agent => Optional(AgentName) ?? Placeholder("your name");

        public string AgentPhone => Optional(AgentPhoneNumber) is { } phone ? $" at {phone}" : "";

        public string? Optional(string[] names) => request.Field(names);

        public string Required(string label, string[] names) => request.Field(names) ?? Placeholder(label);

        private string Placeholder(string label)
        {
            if (!_missing.Contains(label))
            {
                _missing.Add(label);
            }

            return $"[{label}]";
        }
    }
}

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
    public static string Write(LocalRequest request)
    {
        var fields = new DraftFields(request);
        var body = RenewalWords().IsMatch(request.Instruction) ? Renewal(fields)
            : ReviewWords().IsMatch(request.Instruction) ? Review(fields)
            : FollowUp(fields);

        var text = new StringBuilder(body)
            .Append("\n\nBest regards,\n").Append(fields.Agent);
        if (fields.Optional("agency", "agency name") is { } agency)
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
        var policy = f.Required("policy", ["policy", "policy type", "product", "line of business", "coverage"]);
        var number = f.Optional("policy number") is { } n ? $" ({n})" : "";
        var date = FormatDate(f.Required("renewal date", ["renewal date", "renewal", "renews on", "expiry date", "expiration date", "expires"]));
        var premium = f.Optional("renewal premium", "premium", "new premium") is { } p ? $" The renewal premium is {p}." : "";
        return $"""
            Subject: Your {policy} policy renews on {date}

            Hi {f.FirstName},

            Your {policy} policy{number} is due to renew on {date}.{premium} Before then, it is a good moment to check that your coverage still fits: changes to your home, vehicles, family or business can all change what you need.

            If you would like to review your options or have any questions, reply to this message or call me{f.AgentPhone}, and I will be glad to go through them with you.
            """;
    }

    private static string Review(DraftFields f)
    {
        var policy = f.Optional("policy", "policy type", "product") is { } p ? $"your {p} coverage" : "your coverage";
        return $"""
            Subject: Time for your annual insurance review

            Hi {f.FirstName},

            It is time for our yearly look at {policy}. A short review makes sure your limits, deductibles and discounts still match your life today, and it is the best moment to ask about anything that has changed.

            Would you have twenty minutes in the next two weeks? Reply with a time that suits you, or call me{f.AgentPhone}.
            """;
    }

    private static string FollowUp(DraftFields f)
    {
        var topic = f.Optional("topic", "subject", "regarding", "discussed", "last interaction", "last contact");
        var next = f.Optional("next step", "next steps", "action", "follow up");
        var policy = f.Optional("policy", "policy type", "product");
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
            Optional("first name", "preferred name")
            ?? Optional("client name", "client", "name", "full name")?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]
            ?? Placeholder("client's name");

        public string Agent => Optional("agent name", "agent", "from") ?? Placeholder("your name");

        public string AgentPhone => Optional("agent phone", "office phone") is { } phone ? $" at {phone}" : "";

        public string? Optional(params ReadOnlySpan<string> names) => request.Field(names);

        public string Required(string label, ReadOnlySpan<string> names) => request.Field(names) ?? Placeholder(label);

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

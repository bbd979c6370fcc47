using System.Text.RegularExpressions;

namespace RelationshipCare.Web.Modules.AiRouting.Providers.Local;

/// <summary>
/// An extractive summary: each sentence is scored by how frequent its content words are across the whole text
/// (a sentence that repeats the text's main topics is central to it), with a bonus for the facts an agent acts on
/// (amounts, dates, policy terms) and, when the instruction asks about something ("When does the policy renew?"),
/// for the words it shares with the instruction; the best sentences are kept in their original order, word for word.
/// </summary>
internal static partial class ExtractiveSummary
{
    private const int MaxSentences = 5;

    /// <summary>Words that carry the facts of an insurance conversation.</summary>
    private static readonly HashSet<string> KeyTerms = new(StringComparer.Ordinal)
    {
        "premium", "renewal", "renew", "renews", "claim", "claims", "policy", "deductible", "coverage", "cover",
        "quote", "cancel", "cancellation", "liability", "limit", "endorsement", "beneficiary", "payment", "due",
        "expires", "lapse", "adjuster", "damage", "accident", "increase", "discount", "rider", "exclusion",
    };

    /// <summary>Words that ask for a summary rather than say what it should be about.</summary>
    private static readonly HashSet<string> InstructionWords = new(StringComparer.Ordinal)
    {
        "summarize", "summarise", "summary", "sum", "key", "points", "main", "notes", "note", "text", "these", "this",
        "below", "following", "above", "please", "give", "list", "brief", "briefly", "short", "call", "message",
        "messages", "email", "document", "conversation", "transcript", "client", "tell", "about",
    };

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "the", "and", "for", "are", "but", "not", "you", "your", "with", "this", "that", "was", "were", "have", "has",
        "had", "she", "he", "her", "his", "him", "they", "them", "their", "our", "ours", "its", "from", "into", "about",
        "would", "could", "should", "will", "can", "did", "does", "been", "being", "also", "just", "very", "then", "than",
        "there", "here", "what", "when", "which", "who", "whom", "how", "why", "all", "any", "some", "more", "most",
        "other", "out", "over", "under", "again", "once", "only", "own", "same", "too", "each", "few", "both", "such",
        "after", "before", "because", "while", "until", "off", "yes", "okay", "said", "says", "told", "asked", "get",
        "got", "like", "well", "one", "two", "per", "via", "let", "may", "might", "must", "need", "needs", "wants",
    };

    public static string Summarize(string material, string instruction)
    {
        var sentences = Sentences(material);
        if (sentences.Count == 0)
        {
            return "There is no text to summarize: include the notes, messages or documents in the request.";
        }

        var focus = ContentWords(instruction).Where(w => !InstructionWords.Contains(w)).Select(Stem).ToHashSet(StringComparer.Ordinal);
        var chosen = Choose(sentences, focus);
        var header = chosen.Count == sentences.Count ? $"Key points ({sentences.Count} of {sentences.Count} sentences, quoted from the text):"
            : focus.Count > 0 ? $"Key points (the {chosen.Count} of {sentences.Count} sentences most relevant to the request, quoted from the text):"
            : $"Key points (the {chosen.Count} most informative of {sentences.Count} sentences, quoted from the text):";
        return header + "\n" + string.Join('\n', chosen.Select(s => "- " + s));
    }

    /// <summary>The sentences worth keeping, in the order they appear.</summary>
    /// <param name="focus">Stems of the words the instruction asks about; sentences sharing them score higher.</param>
    private static IReadOnlyList<string> Choose(IReadOnlyList<string> sentences, IReadOnlySet<string> focus)
    {
        var keep = Math.Clamp((int)Math.Ceiling(sentences.Count / 3.0), 1, MaxSentences);
        if (sentences.Count <= 2)
        {
            return sentences;
        }

        var words = sentences.Select(ContentWords).ToList();
        var frequency = words.SelectMany(w => w).GroupBy(w => w, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var highest = frequency.Count == 0 ? 1 : frequency.Values.Max();

        return sentences
            .Select((sentence, index) => (sentence, index, score: Score(sentence, words[index], frequency, highest, index) + Relevance(words[index], focus)))
            .OrderByDescending(s => s.score)
            .ThenBy(s => s.index)
            .Take(keep)
            .OrderBy(s => s.index)
            .Select(s => s.sentence)
            .ToList();
    }

    public static IReadOnlyList<string> Sentences(string text) =>
        [.. text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(line => SentenceBreak().Split(ListMarker().Replace(line, "")))
            .Select(s => s.Trim())
            .Where(s => s.Any(char.IsLetter))];

    private static double Score(string sentence, List<string> words, Dictionary<string, int> frequency, int highest, int index)
    {
        if (words.Count == 0)
        {
            return 0;
        }

        var distinct = words.Distinct(StringComparer.Ordinal).ToList();
        var centrality = distinct.Sum(w => (double)frequency[w] / highest) / Math.Sqrt(distinct.Count);
        var facts = (Figure().IsMatch(sentence) ? 0.6 : 0) + Math.Min(0.9, distinct.Count(KeyTerms.Contains) * 0.3);
        var opening = index == 0 ? 0.2 : 0;
        return centrality + facts + opening;
    }

    /// <summary>Half a point for each word of the instruction the sentence shares (by stem, so "renew" finds "renewal").</summary>
    private static double Relevance(List<string> words, IReadOnlySet<string> focus) =>
        focus.Count == 0 ? 0 : 0.5 * words.Select(Stem).Distinct(StringComparer.Ordinal).Count(focus.Contains);

    private static string Stem(string word) => word.Length > 5 ? word[..5] : word;

    private static List<string> ContentWords(string sentence) =>
        [.. Word().Matches(sentence.ToLowerInvariant())
            .Select(m => m.Value.Trim('\'', '-'))
            .Where(w => w.Length > 2 && !StopWords.Contains(w) && !w.All(char.IsDigit))];

    // A sentence ends at . ! or ? followed by a space and a capital letter, digit or quote (so "Dr. smith" stays whole).
    [GeneratedRegex(@"(?<=[.!?])\s+(?=[A-Z0-9""'(])")]
    private static partial Regex SentenceBreak();

    [GeneratedRegex(@"^\s*([-*•]|\d+[.)])\s+")]
    private static partial Regex ListMarker();

    [GeneratedRegex(@"[\p{L}\p{N}'-]+")]
    private static partial Regex Word();

    // Amounts, percentages, dates and years: the facts a summary must not drop.
    [GeneratedRegex(@"[$€£]\s?\d|\d+(\.\d+)?\s?%|\b\d{4}-\d{2}-\d{2}\b|\b(19|20)\d{2}\b|\b\d{1,2}/\d{1,2}\b|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d", RegexOptions.IgnoreCase)]
    private static partial Regex Figure();
}

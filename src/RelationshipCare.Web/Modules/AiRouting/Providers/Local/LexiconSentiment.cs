using System.Globalization;
using System.Text.RegularExpressions;

namespace RelationshipCare.Web.Modules.AiRouting.Providers.Local;

/// <summary>A word or short phrase that moved the sentiment, with its weight after negation and intensity.</summary>
internal sealed record SentimentCue(string Phrase, double Weight);

/// <summary>The sentiment of a text: its label, a score from -1 (negative) to 1 (positive), and what drove it.</summary>
internal sealed record SentimentReading(string Label, double Score, IReadOnlyList<SentimentCue> Cues)
{
    public string Describe()
    {
        var score = Score.ToString("0.00", CultureInfo.InvariantCulture);
        var drivers = Cues.Count == 0
            ? "No words in the text carry sentiment."
            : "Driven by: " + string.Join(", ", Cues
                .OrderByDescending(c => Math.Abs(c.Weight))
                .Take(8)
                .Select(c => $"{c.Phrase} ({c.Weight.ToString("+0.#;-0.#", CultureInfo.InvariantCulture)})"));
        return $"Sentiment: {Label} (score {score})\n{drivers}";
    }
}

/// <summary>
/// Lexicon-based sentiment tuned to what clients say to insurance agents: each known word adds its weight, a
/// negation within the three words before it flips it ("not happy"), an intensifier strengthens it ("very
/// frustrated"); the sum is squashed into -1..1. It reads words, not meaning: sarcasm and context escape it.
/// </summary>
internal static partial class LexiconSentiment
{
    /// <summary>Below this distance from zero the text reads as neutral.</summary>
    private const double NeutralBand = 0.05;

    /// <summary>How quickly the sum approaches ±1 (the normalisation VADER uses).</summary>
    private const double Squash = 15;

    private static readonly Dictionary<string, double> Lexicon = new(StringComparer.Ordinal)
    {
        // Positive
        ["thanks"] = 2, ["thank"] = 2, ["grateful"] = 2.5, ["appreciate"] = 2, ["appreciated"] = 2, ["happy"] = 2.5,
        ["glad"] = 2, ["pleased"] = 2.5, ["satisfied"] = 2, ["great"] = 2.5, ["excellent"] = 3, ["wonderful"] = 3,
        ["fantastic"] = 3, ["amazing"] = 3, ["good"] = 1.5, ["helpful"] = 2, ["quick"] = 1, ["quickly"] = 1,
        ["easy"] = 1.5, ["smooth"] = 1.5, ["recommend"] = 2, ["recommended"] = 2, ["love"] = 3, ["loved"] = 3,
        ["relieved"] = 2, ["reassured"] = 2, ["trust"] = 1.5, ["fair"] = 1, ["affordable"] = 1.5, ["saved"] = 1.5,
        ["savings"] = 1, ["resolved"] = 1.5, ["approved"] = 1.5, ["perfect"] = 3, ["impressed"] = 2.5, ["loyal"] = 1.5,
        ["renew"] = 0.5, ["comfortable"] = 1.5, ["clear"] = 1, ["responsive"] = 2, ["friendly"] = 2, ["kind"] = 1.5,
        ["welcome"] = 1, ["best"] = 2, ["better"] = 1, ["positive"] = 1.5, ["confident"] = 1.5, ["excited"] = 2,

        // Negative
        ["frustrated"] = -2.5, ["frustrating"] = -2.5, ["angry"] = -3, ["furious"] = -3.5, ["upset"] = -2.5,
        ["disappointed"] = -2.5, ["disappointing"] = -2.5, ["unhappy"] = -2.5, ["annoyed"] = -2, ["terrible"] = -3,
        ["awful"] = -3, ["horrible"] = -3, ["worst"] = -3, ["bad"] = -2, ["poor"] = -2, ["useless"] = -3,
        ["complaint"] = -2, ["complain"] = -2, ["complained"] = -2, ["cancel"] = -2, ["cancelling"] = -2,
        ["canceling"] = -2, ["cancellation"] = -1.5, ["switch"] = -1, ["switching"] = -1.5, ["leave"] = -1,
        ["leaving"] = -1.5, ["denied"] = -2.5, ["denial"] = -2.5, ["rejected"] = -2, ["delay"] = -1.5, ["delayed"] = -2,
        ["delays"] = -1.5, ["waiting"] = -1, ["ignored"] = -2.5, ["expensive"] = -1.5, ["overcharged"] = -2.5,
        ["increase"] = -1, ["increased"] = -1, ["hike"] = -2, ["confused"] = -1.5, ["confusing"] = -1.5,
        ["worried"] = -2, ["concerned"] = -1.5, ["concern"] = -1, ["stress"] = -2, ["stressful"] = -2,
        ["problem"] = -1.5, ["problems"] = -1.5, ["issue"] = -1, ["issues"] = -1, ["mistake"] = -2, ["error"] = -1.5,
        ["wrong"] = -2, ["lawsuit"] = -3, ["lawyer"] = -2, ["unacceptable"] = -3, ["ridiculous"] = -2.5,
        ["rude"] = -2.5, ["unfair"] = -2.5, ["unresponsive"] = -2.5, ["lost"] = -1.5,
        ["hate"] = -3, ["slow"] = -1.5, ["difficult"] = -1.5, ["refuse"] = -2, ["refused"] = -2, ["scam"] = -3,
    };

    private static readonly HashSet<string> Negations = new(StringComparer.Ordinal)
    {
        "not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "without", "hardly", "barely",
        "isn't", "wasn't", "aren't", "weren't", "don't", "doesn't", "didn't", "can't", "cannot", "won't", "wouldn't",
        "couldn't", "shouldn't", "haven't", "hasn't", "hadn't",
    };

    private static readonly Dictionary<string, double> Intensifiers = new(StringComparer.Ordinal)
    {
        ["very"] = 1.5, ["really"] = 1.4, ["extremely"] = 1.8, ["so"] = 1.3, ["incredibly"] = 1.7, ["totally"] = 1.5,
        ["completely"] = 1.6, ["absolutely"] = 1.7, ["super"] = 1.4, ["quite"] = 1.2, ["slightly"] = 0.5,
        ["somewhat"] = 0.6, ["little"] = 0.6, ["bit"] = 0.6,
    };

    public static SentimentReading Analyze(string text)
    {
        var words = Word().Matches(text.ToLowerInvariant()).Select(m => m.Value.Replace('’', '\'')).ToList();
        var cues = new List<SentimentCue>();
        for (var i = 0; i < words.Count; i++)
        {
            if (!Lexicon.TryGetValue(words[i], out var weight))
            {
                continue;
            }

            var start = i;
            var intensity = 1.0;
            if (i > 0 && Intensifiers.TryGetValue(words[i - 1], out var factor))
            {
                intensity = factor;
                start = i - 1;
            }

            var window = Math.Max(0, i - 3);
            var negation = Enumerable.Range(window, i - window).LastOrDefault(j => Negations.Contains(words[j]), -1);
            if (negation >= 0)
            {
                // A negated word weakens as well as flips: "not happy" is less strong than "unhappy".
                weight = -weight * 0.75;
                start = Math.Min(start, negation);
            }

            cues.Add(new SentimentCue(string.Join(' ', words[start..(i + 1)]), Math.Round(weight * intensity, 2)));
        }

        var sum = cues.Sum(c => c.Weight);
        var score = Math.Round(sum / Math.Sqrt(sum * sum + Squash), 2);
        var label = score >= NeutralBand ? "positive" : score <= -NeutralBand ? "negative" : "neutral";
        return new SentimentReading(label, score, cues);
    }

    [GeneratedRegex(@"[\p{L}'’]+")]
    private static partial Regex Word();
}

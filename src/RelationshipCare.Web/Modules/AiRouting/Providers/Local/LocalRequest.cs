using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace RelationshipCare.Web.Modules.AiRouting.Providers.Local;

/// <summary>
/// What the local provider reads from a request: the task, the instruction (the last user message's first
/// sentence), the material to work on (every user and assistant message's text) and the context fields
/// (<c>Name: value</c> lines whose name a template knows, or the top-level values of a JSON object), keyed by their
/// name in lower case without spaces or punctuation.
/// </summary>
internal sealed partial record LocalRequest(LocalAiTask Task, string Instruction, string Material, IReadOnlyDictionary<string, string> Context)
{
    public static LocalRequest Read(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        var list = messages.Where(m => !string.IsNullOrWhiteSpace(m.Text)).ToList();
        var context = new Dictionary<string, string>(StringComparer.Ordinal);
        var material = new List<string>();
        LocalAiTask? systemTask = null;
        foreach (var message in list)
        {
            foreach (var block in Blocks(message.Text))
            {
                if (TryReadJson(block, context))
                {
                    continue;
                }

                foreach (var line in block.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    if (FieldLine().Match(line) is { Success: true } field)
                    {
                        var name = KeyOf(field.Groups["name"].Value);
                        var value = field.Groups["value"].Value.Trim();
                        if (name == "task" && message.Role == ChatRole.System && ParseTask(value) is { } task)
                        {
                            systemTask = task;
                            continue;
                        }

                        // Only the names a template knows: "The client wrote: ..." is material, not a field.
                        if (TemplateDraft.KnownFields.Contains(name))
                        {
                            context.TryAdd(name, value);
                            continue;
                        }
                    }

                    if (message.Role != ChatRole.System)
                    {
                        material.Add(line);
                    }
                }
            }
        }

        var lastUser = list.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? "";
        var instruction = FirstSentence(lastUser);
        var chosen = FromOptions(options) ?? systemTask ?? FromWording(instruction);
        return new LocalRequest(chosen, instruction, WithoutInstruction(string.Join('\n', material), instruction), context);
    }

    /// <summary>The first context value among <paramref name="names"/> (compared as <see cref="KeyOf"/> makes them).</summary>
    public string? Field(IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            if (Context.TryGetValue(KeyOf(name), out var value) && value.Length > 0)
            {
                return value;
            }
        }

        return null;
    }

    public static string KeyOf(string name) => NonLetters().Replace(name, "").ToLowerInvariant();

    private static LocalAiTask? FromOptions(ChatOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(LocalAiProvider.TaskProperty, out var value) == true
            ? value switch
            {
                LocalAiTask task => task,
                string name => ParseTask(name),
                _ => null,
            }
            : null;

    private static LocalAiTask? ParseTask(string value) =>
        Enum.TryParse<LocalAiTask>(value.Trim(), ignoreCase: true, out var task) && Enum.IsDefined(task) ? task : null;

    /// <summary>The task the instruction asks for in plain words; a summary when nothing else fits.</summary>
    private static LocalAiTask FromWording(string instruction) =>
        SentimentWords().IsMatch(instruction) ? LocalAiTask.Sentiment
        : DraftWords().IsMatch(instruction) ? LocalAiTask.Draft
        : LocalAiTask.Summary;

    /// <summary>
    /// The material without the instruction when it reads as one ("Summarize the notes below:"), so a question such
    /// as "Is the client happy?" is not itself analysed.
    /// </summary>
    private static string WithoutInstruction(string material, string instruction)
    {
        if (instruction.Length == 0 || !InstructionLike().IsMatch(instruction))
        {
            return material;
        }

        var at = material.IndexOf(instruction, StringComparison.Ordinal);
        return at < 0 ? material : material.Remove(at, instruction.Length).Trim();
    }

    private static string FirstSentence(string text)
    {
        var line = text.TrimStart().Split('\n')[0];
        var end = SentenceEnd().Match(line);
        var sentence = end.Success ? line[..(end.Index + 1)] : line;

        // "Draft a reply to this: I am furious ..." - what follows the colon is material, not instruction.
        var colon = sentence.IndexOf(':', StringComparison.Ordinal);
        return (colon >= 0 ? sentence[..(colon + 1)] : sentence).Trim();
    }

    /// <summary>Paragraphs, so that a JSON object spread over several lines is read whole.</summary>
    private static IEnumerable<string> Blocks(string text) =>
        text.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static bool TryReadJson(string block, Dictionary<string, string> context)
    {
        if (!block.StartsWith('{') || !block.EndsWith('}'))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(block);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var value = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString(),
                    JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => property.Value.GetRawText(),
                    _ => null,
                };
                if (value is not null)
                {
                    context.TryAdd(KeyOf(property.Name), value);
                }
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    // A short label, a colon, then a value: "Renewal date: 2027-01-15". Sentences with a colon rarely start this way.
    [GeneratedRegex(@"^(?<name>[A-Za-z][A-Za-z0-9 _\-]{0,30}):\s+(?<value>\S.*)$")]
    private static partial Regex FieldLine();

    [GeneratedRegex(@"(^(please\s+)?(summari[sz]e|sum up|give|analy[sz]e|assess|rate|classify|what|how|is|are|does|did|can|could|would|draft|write|compose|prepare|reply|tell|list)\b)|[?:]$", RegexOptions.IgnoreCase)]
    private static partial Regex InstructionLike();

    [GeneratedRegex("[^A-Za-z0-9]")]
    private static partial Regex NonLetters();

    [GeneratedRegex(@"[.!?](\s|$)")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"\b(sentiment|tone|mood|feel(s|ing)?|happy|upset|satisf(ied|action))\b", RegexOptions.IgnoreCase)]
    private static partial Regex SentimentWords();

    [GeneratedRegex(@"\b(draft|write|compose|prepare|reply|respond|email|letter|message|reminder|invitation|note to)\b", RegexOptions.IgnoreCase)]
    private static partial Regex DraftWords();
}

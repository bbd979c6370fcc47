using Microsoft.ML.Tokenizers;

namespace RelationshipCare.Web.Modules.AiRouting.Routing;

/// <summary>
/// Real token counts before a call, with the o200k encoding (GPT-4o and later; close enough for other providers'
/// estimates, which are settled at the provider's reported usage anyway). Each message costs its text plus the
/// chat format's 3 tokens, and the reply is primed with 3 more, as OpenAI documents.
/// </summary>
internal sealed class TokenCounter
{
    private const int PerMessage = 3;
    private const int ReplyPriming = 3;
    private readonly Tokenizer _tokenizer = TiktokenTokenizer.CreateForModel("gpt-4o");

    public int Count(string text) => string.IsNullOrEmpty(text) ? 0 : _tokenizer.CountTokens(text);

    public int CountPrompt(IReadOnlyList<AiMessage> messages)
    {
        var total = ReplyPriming;
        foreach (var message in messages)
        {
            total += PerMessage + Count(message.Content);
        }

        return total;
    }
}

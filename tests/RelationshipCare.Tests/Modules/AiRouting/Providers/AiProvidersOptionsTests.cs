using Microsoft.Extensions.Options;
using RelationshipCare.Web.Modules.AiRouting.Providers;

namespace RelationshipCare.Tests.Modules.AiRouting.Providers;

/// <summary>A provider configured so that it cannot work is refused at start, with a message naming the key.</summary>
public sealed class AiProvidersOptionsTests
{
    [Theory]
    [InlineData("Kind", null, "AiProviders:Providers:acme:Kind: must be OpenAiCompatible or Anthropic.")]
    [InlineData("BaseUrl", "ftp://127.0.0.1/models", "AiProviders:Providers:acme:BaseUrl: must be an absolute http or https URL")]
    [InlineData("ApiKey", "", "AiProviders:Providers:acme:ApiKey: is required for Anthropic")]
    [InlineData("TimeoutSeconds", "0", "AiProviders:Providers:acme:TimeoutSeconds: must be between 1 and 600 seconds.")]
    [InlineData("MaxRetries", "11", "AiProviders:Providers:acme:MaxRetries: must be between 0 and 10.")]
    [InlineData("RetryBaseDelayMilliseconds", "0", "AiProviders:Providers:acme:RetryBaseDelayMilliseconds:")]
    [InlineData("MaxRetryDelaySeconds", "0", "AiProviders:Providers:acme:MaxRetryDelaySeconds:")]
    [InlineData("BreakerFailureRatio", "1.5", "AiProviders:Providers:acme:BreakerFailureRatio: must be between 0.01 and 1.")]
    [InlineData("BreakerMinimumThroughput", "1", "AiProviders:Providers:acme:BreakerMinimumThroughput:")]
    [InlineData("BreakerSamplingSeconds", "0", "AiProviders:Providers:acme:BreakerSamplingSeconds:")]
    [InlineData("BreakerBreakSeconds", "0", "AiProviders:Providers:acme:BreakerBreakSeconds:")]
    [InlineData("DefaultMaxOutputTokens", "0", "AiProviders:Providers:acme:DefaultMaxOutputTokens:")]
    public void Given_a_setting_a_provider_cannot_use_When_starting_Then_it_is_refused_naming_the_key(string key, string? value, string expected)
    {
        var settings = ProvidersHarness.Provider("acme", "Anthropic", "http://127.0.0.1:9", "sk-ant-test");
        settings[$"AiProviders:Providers:acme:{key}"] = value;

        var failure = Assert.Throws<OptionsValidationException>(() => ProvidersHarness.Start(settings));

        Assert.Contains(failure.Failures, f => f.StartsWith(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("local", "'local' is the built-in provider's name")]
    [InlineData("my provider", "a provider name has 1 to 40 letters, digits, '-' or '_'.")]
    public void Given_a_provider_name_that_cannot_be_used_When_starting_Then_it_is_refused(string name, string expected)
    {
        var settings = ProvidersHarness.Provider(name, "OpenAiCompatible", "http://127.0.0.1:11434", "");

        var failure = Assert.Throws<OptionsValidationException>(() => ProvidersHarness.Start(settings));

        Assert.Contains(failure.Failures, f => f.StartsWith($"AiProviders:Providers:{name}: {expected}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Given_a_local_endpoint_without_a_key_When_starting_Then_it_is_accepted_and_listed_after_the_local_provider()
    {
        var settings = ProvidersHarness.Provider("ollama", "OpenAiCompatible", "http://127.0.0.1:11434", "");
        foreach (var (key, value) in ProvidersHarness.Provider("anthropic", "Anthropic", "http://127.0.0.1:9", "sk-ant-test"))
        {
            settings[key] = value;
        }

        await using var harness = ProvidersHarness.Start(settings);

        Assert.Equal([LocalAiProvider.Name, "anthropic", "ollama"], harness.Providers.Names);
        Assert.Equal(AiProviderHealth.Healthy, harness.Providers.GetStatus("ollama").Health);
        Assert.Null(harness.Providers.GetStatus("ollama").LastError);
    }
}

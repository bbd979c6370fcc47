using FluentValidation;
using Microsoft.Extensions.Options;

namespace RelationshipCare.Web.Platform.Configuration;

/// <summary>A typed options class bound to one configuration section and validated at start.</summary>
public interface IAppOptions
{
    /// <summary>The configuration section the options bind to, such as <c>Database</c>.</summary>
    static abstract string Section { get; }
}

public static class AppOptionsRegistration
{
    /// <summary>
    /// Binds <typeparamref name="TOptions"/> to its section and validates it when the host starts,
    /// with the validator nested in the options class (if any).
    /// </summary>
    public static OptionsBuilder<TOptions> AddAppOptions<TOptions>(this IServiceCollection services)
        where TOptions : class, IAppOptions
    {
        services.AddSingleton<IValidateOptions<TOptions>, FluentOptionsValidation<TOptions>>();
        return services.AddOptions<TOptions>().BindConfiguration(TOptions.Section).ValidateOnStart();
    }

    /// <summary>Reads options at composition time, before the container exists (for choices such as the database provider).</summary>
    public static TOptions ReadAppOptions<TOptions>(this IConfiguration configuration)
        where TOptions : class, IAppOptions, new() =>
        configuration.GetSection(TOptions.Section).Get<TOptions>() ?? new TOptions();
}

/// <summary>Reports every invalid key at once, each as <c>Section:Key: what is expected</c>.</summary>
internal sealed class FluentOptionsValidation<TOptions>(IEnumerable<IValidator<TOptions>> validators) : IValidateOptions<TOptions>
    where TOptions : class, IAppOptions
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        if (!validators.Any())
        {
            return ValidateOptionsResult.Skip;
        }

        var failures = validators
            .SelectMany(v => v.Validate(options).Errors)
            .Select(f => $"{TOptions.Section}:{f.PropertyName.Replace('.', ':')}: {f.ErrorMessage}")
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

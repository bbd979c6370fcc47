using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using RelationshipCare.Web.Platform.Configuration;
using RelationshipCare.Web.Platform.Errors;
using RelationshipCare.Web.Platform.Identity;
using Scalar.AspNetCore;

namespace RelationshipCare.Web.Platform.Api;

internal static class ApiSetup
{
    public const string AgentRateLimit = "per-agent";

    public static IServiceCollection AddPlatformApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddAppOptions<ApiOptions>();
        var api = configuration.ReadAppOptions<ApiOptions>();

        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            if (problem.Type is null || problem.Type.StartsWith("https://tools.ietf.org", StringComparison.Ordinal))
            {
                (problem.Type, problem.Title) = Problems.ForStatus(problem.Status ?? context.HttpContext.Response.StatusCode);
            }

            problem.Instance ??= context.HttpContext.Request.Path;
            problem.Extensions["traceId"] = Activity.Current?.TraceId.ToString() ?? context.HttpContext.TraceIdentifier;
        });
        services.AddExceptionHandler<UnexpectedExceptionHandler>();
        // Unreadable bodies reach the exception handler, which answers 400 with what the JSON reader said was wrong.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));

        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(AgentRateLimit, context =>
                RateLimitPartition.GetTokenBucketLimiter(
                    context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? context.Connection.RemoteIpAddress?.ToString() ?? "anonymous",
                    _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = api.Burst,
                        TokensPerPeriod = Math.Max(1, api.RequestsPerMinute / 60),
                        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    }));
            options.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                var problems = context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Detail = $"You have used this minute's allowance of {api.RequestsPerMinute} requests; retry in {seconds} s.",
                    },
                });
            };
        });

        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "Relationship Care API";
                document.Info.Description = "Send a personal API key (create one under My profile) as `Authorization: Bearer rc_...`. Errors are RFC 9457 problem details.";
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes["ApiKey"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "A personal API key, such as rc_Xy…",
                };
                document.Security ??= [];
                document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("ApiKey", document)] = [] });
                return Task.CompletedTask;
            });
        });
        return services;
    }

    /// <summary>
    /// The route group of one module's API under <c>/api/{name}</c>: API-key authentication, the per-agent rate
    /// limit, the body size limit and the module's OpenAPI tag. Endpoints inside name their own policy when
    /// they need more than a signed-in agent.
    /// </summary>
    public static RouteGroupBuilder MapModuleApi(this IEndpointRouteBuilder endpoints, string name, string tag)
    {
        var api = endpoints.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<ApiOptions>>().Value;
        return endpoints.MapGroup($"/api/{name}")
            .WithTags(tag)
            .RequireAuthorization(AppPolicies.Api)
            .RequireRateLimiting(AgentRateLimit)
            .WithMetadata(new RequestSizeLimitAttribute(api.MaxRequestBodyBytes))
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
    }

    public static WebApplication MapPlatformApiDocs(this WebApplication app)
    {
        app.MapOpenApi().RequireAuthorization(AppPolicies.SignedIn);
        app.MapScalarApiReference("/api/docs", options => options
                .WithTitle("Relationship Care API")
                .AddPreferredSecuritySchemes("ApiKey"))
            .RequireAuthorization(AppPolicies.SignedIn);
        return app;
    }

    /// <summary>API paths answer problem details; pages answer HTML.</summary>
    public static bool IsApiRequest(this HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/v1") || request.Path.StartsWithSegments("/openapi")
        || !request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);
}

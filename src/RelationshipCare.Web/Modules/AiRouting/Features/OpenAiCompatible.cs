using System.Text.Json;
using ErrorOr;
using Microsoft.AspNetCore.Mvc;
using RelationshipCare.Web.Platform.Api;
using RelationshipCare.Web.Platform.Identity;

namespace RelationshipCare.Web.Modules.AiRouting.Features;

/// <summary>
/// The OpenAI-compatible API under <c>/v1</c>, so any OpenAI client library can use the router with an agent's API
/// key (as its bearer token) and the base address <c>https://host/v1</c>. It answers in OpenAI's shapes, errors included.
/// </summary>
internal static class OpenAiCompatible
{
    public const string Tag = "OpenAI-compatible";

    /// <summary>OpenAI's wire format: snake_case names, no nulls.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static RouteGroupBuilder MapGroup(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<ApiOptions>>().Value;
        return endpoints.MapGroup("/v1")
            .WithTags(Tag)
            .RequireAuthorization(AppPolicies.Api)
            .RequireRateLimiting(ApiSetup.AgentRateLimit)
            .WithMetadata(new RequestSizeLimitAttribute(api.MaxRequestBodyBytes))
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
    }

    /// <summary>OpenAI's error body: <c>{"error":{"message","type","param","code"}}</c>.</summary>
    public sealed record ErrorBody(ErrorDetail Error);

    public sealed record ErrorDetail(string Message, string Type, string? Param, string Code);

    public static IResult ToOpenAiError(this List<Error> errors)
    {
        var first = errors[0];
        if (first.Type == ErrorType.Validation)
        {
            var message = string.Join(" ", errors.Select(e => $"{ParamName(e.Code)}: {e.Description}"));
            return Results.Json(new ErrorBody(new ErrorDetail(message, "invalid_request_error", ParamName(first.Code), "invalid_value")), Json, statusCode: StatusCodes.Status400BadRequest);
        }

        var (status, type) = first.Type switch
        {
            ErrorType.Forbidden => (StatusCodes.Status403Forbidden, "permission_error"),
            ErrorType.NotFound => (StatusCodes.Status404NotFound, "not_found_error"),
            ErrorType.Failure => (StatusCodes.Status402PaymentRequired, "insufficient_quota"),
            _ when first.NumericType == StatusCodes.Status503ServiceUnavailable => (StatusCodes.Status503ServiceUnavailable, "service_unavailable"),
            _ => (StatusCodes.Status400BadRequest, "invalid_request_error"),
        };
        return Results.Json(new ErrorBody(new ErrorDetail(first.Description, type, null, first.Code)), Json, statusCode: status);
    }

    /// <summary>A field as OpenAI names it: <c>Body.Messages[0].Role</c> is <c>messages[0].role</c>.</summary>
    private static string ParamName(string field) => string.Join('.', field
        .Split('.')
        .SkipWhile(segment => segment == "Body")
        .Select(JsonNamingPolicy.SnakeCaseLower.ConvertName));
}

using System.Text.Json;
using ErrorOr;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace RelationshipCare.Web.Platform.Errors;

/// <summary>
/// The one mapping from expected failures to RFC 9457 problem details. Every problem's <c>type</c> is a stable
/// URN: <c>urn:relationship-care:problem:</c> followed by the error code (such as <c>teams.agent-not-found</c>) or,
/// for failures the framework detects (unknown route, unreadable body), by the kind of failure.
/// </summary>
public static class Problems
{
    public const string TypePrefix = "urn:relationship-care:problem:";
    public const string ValidationType = TypePrefix + "validation";

    public static string TypeFor(string code) => TypePrefix + code;

    /// <summary>The problem type and title the host uses for a status code it answers by itself.</summary>
    public static (string Type, string Title) ForStatus(int status) => status switch
    {
        StatusCodes.Status400BadRequest => (TypeFor("bad-request"), "The request could not be read."),
        StatusCodes.Status401Unauthorized => (TypeFor("unauthorized"), "Sign in or send a valid API key."),
        StatusCodes.Status403Forbidden => (TypeFor("forbidden"), "You are not allowed to do this."),
        StatusCodes.Status404NotFound => (TypeFor("not-found"), "Not found."),
        StatusCodes.Status405MethodNotAllowed => (TypeFor("method-not-allowed"), "This method is not allowed here."),
        StatusCodes.Status409Conflict => (TypeFor("conflict"), "The request conflicts with the current state."),
        StatusCodes.Status413PayloadTooLarge => (TypeFor("payload-too-large"), "The request body is too large."),
        StatusCodes.Status415UnsupportedMediaType => (TypeFor("unsupported-media-type"), "Send the body as application/json."),
        StatusCodes.Status422UnprocessableEntity => (TypeFor("unprocessable"), "The request cannot be carried out."),
        StatusCodes.Status429TooManyRequests => (TypeFor("rate-limited"), "Too many requests; wait and retry."),
        >= 500 => (TypeFor("unexpected"), "Something went wrong on our side."),
        _ => (TypeFor("http-" + status), "The request failed."),
    };

    /// <summary>Validation errors become one 400 with field errors; otherwise the first error decides.</summary>
    public static ProblemHttpResult ToProblem(this List<Error> errors)
    {
        if (errors.Count > 0 && errors.All(e => e.Type == ErrorType.Validation))
        {
            // Field names as the JSON body spells them (camelCase), so clients can match errors to their fields.
            var fields = errors
                .GroupBy(e => JsonNamingPolicy.CamelCase.ConvertName(e.Code))
                .ToDictionary(g => g.Key, g => g.Select(e => e.Description).Distinct().ToArray());
            return TypedResults.Problem(new HttpValidationProblemDetails(fields)
            {
                Status = StatusCodes.Status400BadRequest,
                Type = ValidationType,
                Title = "One or more fields are not valid.",
                Detail = string.Join(" ", fields.Values.SelectMany(v => v).Take(3)),
            });
        }

        var first = errors.FirstOrDefault(e => e.Type != ErrorType.Validation, Error.Unexpected());
        var status = first.Type switch
        {
            ErrorType.NotFound => StatusCodes.Status404NotFound,
            ErrorType.Conflict => StatusCodes.Status409Conflict,
            ErrorType.Unauthorized => StatusCodes.Status401Unauthorized,
            ErrorType.Forbidden => StatusCodes.Status403Forbidden,
            ErrorType.Failure => StatusCodes.Status422UnprocessableEntity,
            ErrorType.Unexpected => StatusCodes.Status500InternalServerError,
            _ => first.NumericType is >= 400 and < 600 ? first.NumericType : StatusCodes.Status400BadRequest,
        };
        var problem = new ProblemDetails
        {
            Status = status,
            Type = TypeFor(first.Code),
            Title = ForStatus(status).Title,
            Detail = first.Description,
        };
        problem.Extensions["code"] = first.Code;
        return TypedResults.Problem(problem);
    }

    public static Results<Ok<T>, ProblemHttpResult> ToOk<T>(this ErrorOr<T> result) =>
        result.IsError ? result.Errors.ToProblem() : TypedResults.Ok(result.Value);

    public static Results<Created<T>, ProblemHttpResult> ToCreated<T>(this ErrorOr<T> result, Func<T, string> location) =>
        result.IsError ? result.Errors.ToProblem() : TypedResults.Created(location(result.Value), result.Value);

    public static Results<NoContent, ProblemHttpResult> ToNoContent<T>(this ErrorOr<T> result) =>
        result.IsError ? result.Errors.ToProblem() : TypedResults.NoContent();
}

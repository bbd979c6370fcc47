using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace RelationshipCare.Tests.Infrastructure;

/// <summary>One mapped endpoint, named the way the tests' tables name it: <c>METHOD /route/pattern</c>.</summary>
internal sealed partial record MappedEndpoint(string Method, string Pattern, RouteEndpoint Endpoint)
{
    public string Key => $"{Method} {Pattern}";

    /// <summary>The endpoint names an authorization policy (or role) and does not also allow anonymous callers.</summary>
    public bool RequiresAuthorization =>
        (Endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Count > 0 || Endpoint.Metadata.GetMetadata<AuthorizationPolicy>() is not null)
        && Endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null;

    /// <summary>A path that reaches this endpoint: each route parameter gets a value its constraint accepts.</summary>
    public string SamplePath => RouteParameter().Replace(Pattern, parameter =>
        parameter.Value.Contains(":guid", StringComparison.Ordinal) ? Guid.NewGuid().ToString()
        : parameter.Value.Contains(":int", StringComparison.Ordinal) || parameter.Value.Contains(":long", StringComparison.Ordinal) ? "1"
        : "sample");

    public override string ToString() => Key;

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();
}

internal static class MappedEndpoints
{
    /// <summary>
    /// Every route the host maps, by the method a client would call it with: GET where the route takes GET (pages
    /// also take their form posts), else its one method; GET for routes that take any method.
    /// </summary>
    public static IReadOnlyList<MappedEndpoint> Of(IServiceProvider services) =>
    [
        .. services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Select(endpoint => new MappedEndpoint(MethodOf(endpoint), "/" + endpoint.RoutePattern.RawText!.TrimStart('/'), endpoint))
            .DistinctBy(e => e.Key),
    ];

    private static string MethodOf(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is { Count: > 0 } methods && !methods.Contains(HttpMethods.Get)
            ? methods[0]
            : HttpMethods.Get;
}

using System.Text.RegularExpressions;
using ArchUnitNET.Domain;
using ArchUnitNET.Fluent;
using ErrorOr;
using FluentValidation;
using Mediator;
using static ArchUnitNET.Fluent.ArchRuleDefinition;
using Assembly = System.Reflection.Assembly;
using LoadedArchitecture = ArchUnitNET.Domain.Architecture;

namespace RelationshipCare.Tests.Architecture;

/// <summary>A rule and the types it is about: a rule that selects nothing proves nothing, so tests check both.</summary>
internal sealed record ArchitectureRule(string Name, IObjectProvider<IType> Subjects, IArchRule Rule)
{
    public override string ToString() => Name;
}

/// <summary>
/// The architecture's rules, written over a root namespace (<c>Root.Platform</c>, <c>Root.Modules.X</c>) so the same
/// rules run over the product and over the deliberately broken samples that show each rule can fail.
/// </summary>
internal static class ArchitectureRules
{
    private static readonly Type[] RequestMarkers =
        [typeof(IBaseRequest), typeof(IBaseCommand), typeof(IBaseQuery), typeof(IBaseStreamRequest), typeof(IBaseStreamCommand), typeof(IBaseStreamQuery)];

    /// <summary>The modules: each namespace right under <c>Root.Modules</c>.</summary>
    public static IReadOnlyList<string> ModuleNames(LoadedArchitecture architecture, string root)
    {
        var prefix = root + ".Modules.";
        return
        [
            .. architecture.Types
                .Select(t => t.Namespace.FullName)
                .Where(ns => ns.StartsWith(prefix, StringComparison.Ordinal))
                .Select(ns => ns[prefix.Length..].Split('.')[0])
                .Distinct()
                .Order(StringComparer.Ordinal),
        ];
    }

    /// <summary>A module's types use another module's types only from that module's <c>Contracts</c>.</summary>
    public static ArchitectureRule ModuleUsesOthersOnlyThroughContracts(string root, string module)
    {
        var moduleTypes = Types().That().ResideInNamespaceOrBelow($"{root}.Modules.{module}");
        var otherModulesOutsideContracts = Types().That().ResideInNamespaceMatching(
            $@"^{Regex.Escape(root)}\.Modules\.(?!{module}(\.|$))[^.]+(\.(?!Contracts(\.|$)).+)?$");
        return new ArchitectureRule(
            $"{module} uses other modules only through their Contracts",
            moduleTypes,
            moduleTypes.Should().NotDependOnAny(otherModulesOutsideContracts).Because("modules touch each other only through Contracts"));
    }

    /// <summary>
    /// The platform serves every module and knows none. The source-generated mediator is the one exception: it is
    /// the composition that dispatches each request to its module's handler, and lives in its own namespace.
    /// </summary>
    public static ArchitectureRule PlatformDependsOnNoModule(string root)
    {
        var platform = Types().That().ResideInNamespaceOrBelow($"{root}.Platform")
            .And().DoNotHaveFullNameStartingWith($"{root}.Platform.Messaging.Generated.");
        return new ArchitectureRule(
            "Platform depends on no module",
            platform,
            platform.Should().NotDependOnAny(Types().That().ResideInNamespaceOrBelow($"{root}.Modules")).Because("the platform must not know the modules it serves"));
    }

    /// <summary>Every mediator handler is sealed: nothing may inherit and change what a use case does.</summary>
    public static ArchitectureRule HandlersAreSealed(Assembly assembly, string root)
    {
        var handlers = Classes().That().Are(TypesUnder(assembly, root).Where(IsHandler));
        return new ArchitectureRule("Handlers are sealed", handlers, handlers.Should().BeSealed());
    }

    /// <summary>Every request (command, query, contract) has a FluentValidation validator of its own.</summary>
    public static ArchitectureRule RequestsHaveValidators(LoadedArchitecture architecture, Assembly assembly, string root)
    {
        var types = TypesUnder(assembly, root).ToList();
        var requests = Types().That().Are(types.Where(IsRequest));
        var validated = Types().That().Are(types.SelectMany(ValidatedTypes)).GetObjects(architecture).ToHashSet();
        return new ArchitectureRule(
            "Requests have validators",
            requests,
            requests.Should().FollowCustomCondition(validated.Contains, "have a FluentValidation validator", "has no validator"));
    }

    /// <summary>
    /// Every request answers an <c>ErrorOr</c> result: the validation, logging and unit-of-work behaviors only apply to
    /// such requests, so one answering a bare value would skip them silently.
    /// </summary>
    public static ArchitectureRule RequestsAnswerResults(LoadedArchitecture architecture, Assembly assembly, string root)
    {
        var types = TypesUnder(assembly, root).Where(IsRequest).ToList();
        var requests = Types().That().Are(types);
        var answeringResults = Types().That().Are(types.Where(t => ResponseTypes(t).All(typeof(IErrorOr).IsAssignableFrom)))
            .GetObjects(architecture).ToHashSet();
        return new ArchitectureRule(
            "Requests answer ErrorOr results",
            requests,
            requests.Should().FollowCustomCondition(answeringResults.Contains, "answer ErrorOr results", "answers something else"));
    }

    private static IEnumerable<Type> ResponseTypes(Type request) =>
        request.GetInterfaces().Where(i => i.IsGenericType && i.Namespace == "Mediator" && RequestMarkers.Any(m => m.IsAssignableFrom(i))).Select(i => i.GetGenericArguments()[^1]);

    private static IEnumerable<Type> TypesUnder(Assembly assembly, string root) =>
        assembly.GetTypes().Where(t => t.Namespace is { } ns && (ns == root || ns.StartsWith(root + ".", StringComparison.Ordinal)));

    private static bool IsRequest(Type type) =>
        type is { IsAbstract: false, IsInterface: false } && RequestMarkers.Any(marker => marker.IsAssignableFrom(type));

    private static bool IsHandler(Type type) =>
        type is { IsClass: true, IsAbstract: false }
        && type.GetInterfaces().Any(i => i.IsGenericType && i.Namespace == "Mediator" && i.Name.Contains("Handler`", StringComparison.Ordinal));

    /// <summary>What a concrete validator validates (the T of each <c>IValidator&lt;T&gt;</c> it implements).</summary>
    private static IEnumerable<Type> ValidatedTypes(Type type) =>
        type is { IsClass: true, IsAbstract: false }
            ? type.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IValidator<>)).Select(i => i.GetGenericArguments()[0])
            : [];
}

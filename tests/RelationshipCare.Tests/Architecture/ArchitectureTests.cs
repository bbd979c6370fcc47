using ArchUnitNET.Loader;
using ArchUnitNET.xUnitV3;
using RelationshipCare.Tests.Architecture.Samples.Modules.Alpha.Contracts;
using Assembly = System.Reflection.Assembly;
using LoadedArchitecture = ArchUnitNET.Domain.Architecture;

namespace RelationshipCare.Tests.Architecture;

/// <summary>
/// The modular monolith's rules, checked over the host's assembly. Each rule first asserts it selected types, and
/// each is also run over deliberately broken samples, where it must report exactly the types that break it.
/// </summary>
public sealed class ArchitectureTests
{
    private const string Root = "RelationshipCare.Web";
    private const string SamplesRoot = "RelationshipCare.Tests.Architecture.Samples";

    private static readonly Assembly ProductAssembly = typeof(Program).Assembly;
    private static readonly Assembly SamplesAssembly = typeof(AlphaQuery).Assembly;

    private static readonly Lazy<LoadedArchitecture> Product = new(() => new ArchLoader().LoadAssemblies(ProductAssembly).Build());
    private static readonly Lazy<LoadedArchitecture> Samples = new(() =>
        new ArchLoader().LoadNamespacesWithinAssembly(SamplesAssembly, SamplesRoot).Build());

    [Fact]
    public void Given_the_host_When_its_modules_are_inspected_Then_each_uses_the_others_only_through_their_contracts()
    {
        var modules = ArchitectureRules.ModuleNames(Product.Value, Root);

        Assert.NotEmpty(modules);
        foreach (var module in modules)
        {
            ShouldHold(ArchitectureRules.ModuleUsesOthersOnlyThroughContracts(Root, module));
        }
    }

    [Fact]
    public void Given_the_host_When_the_platform_is_inspected_Then_it_depends_on_no_module() =>
        ShouldHold(ArchitectureRules.PlatformDependsOnNoModule(Root));

    [Fact]
    public void Given_the_host_When_its_handlers_are_inspected_Then_each_is_sealed() =>
        ShouldHold(ArchitectureRules.HandlersAreSealed(ProductAssembly, Root));

    [Fact]
    public void Given_the_host_When_its_requests_are_inspected_Then_each_has_a_validator() =>
        ShouldHold(ArchitectureRules.RequestsHaveValidators(Product.Value, ProductAssembly, Root));

    [Fact]
    public void Given_the_host_When_its_requests_are_inspected_Then_each_answers_a_result() =>
        ShouldHold(ArchitectureRules.RequestsAnswerResults(Product.Value, ProductAssembly, Root));

    [Fact]
    public void Given_a_request_answering_a_bare_value_When_checked_Then_it_is_reported() =>
        ShouldReportExactly(ArchitectureRules.RequestsAnswerResults(Samples.Value, SamplesAssembly, SamplesRoot), "UnvalidatedCommand");

    [Fact]
    public void Given_a_module_reading_another_modules_data_When_checked_Then_only_that_use_is_reported()
    {
        Assert.Equal(["Alpha", "Beta"], ArchitectureRules.ModuleNames(Samples.Value, SamplesRoot));

        ShouldReportExactly(ArchitectureRules.ModuleUsesOthersOnlyThroughContracts(SamplesRoot, "Beta"), "UsesAlphaInternals");
    }

    [Fact]
    public void Given_the_platform_using_a_module_When_checked_Then_it_is_reported() =>
        ShouldReportExactly(ArchitectureRules.PlatformDependsOnNoModule(SamplesRoot), "PlatformKnowsAModule");

    [Fact]
    public void Given_an_unsealed_handler_When_checked_Then_it_is_reported() =>
        ShouldReportExactly(ArchitectureRules.HandlersAreSealed(SamplesAssembly, SamplesRoot), "UnsealedHandler");

    [Fact]
    public void Given_a_request_without_a_validator_When_checked_Then_it_is_reported() =>
        ShouldReportExactly(ArchitectureRules.RequestsHaveValidators(Samples.Value, SamplesAssembly, SamplesRoot), "UnvalidatedCommand");

    private static void ShouldHold(ArchitectureRule rule)
    {
        Assert.True(rule.Subjects.GetObjects(Product.Value).Any(), $"The rule '{rule}' selected no types, so it checks nothing.");
        ArchRuleAssert.CheckRule(Product.Value, rule.Rule);
    }

    private static void ShouldReportExactly(ArchitectureRule rule, string offender)
    {
        Assert.True(rule.Subjects.GetObjects(Samples.Value).Any(), $"The rule '{rule}' selected no sample types.");
        var violations = rule.Rule.Evaluate(Samples.Value).Where(result => !result.Passed).Select(result => result.Description).ToList();

        var violation = Assert.Single(violations);
        Assert.Contains(offender, violation, StringComparison.Ordinal);
    }
}

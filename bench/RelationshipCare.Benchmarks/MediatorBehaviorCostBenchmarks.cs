using BenchmarkDotNet.Attributes;
using ErrorOr;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using RelationshipCare.Web.Modules.Teams.Contracts;
using RelationshipCare.Web.Modules.Teams.Features;
using RelationshipCare.Web.Platform.Messaging;

namespace RelationshipCare.Benchmarks;

/// <summary>
/// Where the pipeline's time goes: the admin command (which passes all four behaviors) sent with one behavior at a
/// time, and with none (the generated dispatch alone). Each behavior's cost is its row minus the "none" row.
/// </summary>
[MemoryDiagnoser]
public class MediatorBehaviorCostBenchmarks
{
    private static readonly Dictionary<string, Type?> BehaviorsByName = new()
    {
        ["none"] = null,
        ["logging"] = typeof(LoggingBehavior<,>),
        ["authorization"] = typeof(AuthorizationBehavior<,>),
        ["validation"] = typeof(ValidationBehavior<,>),
        ["unit of work"] = typeof(UnitOfWorkBehavior<,>),
    };

    private readonly SetAgentActive.Command _deactivateAgent = new(NoIoHandlers.Agent.Id, Active: false);
    private ServiceProvider _services = null!;
    private AsyncServiceScope _scope;
    private ISender _sender = null!;

    [Params("none", "logging", "authorization", "validation", "unit of work")]
    public string Behavior { get; set; } = "none";

    [GlobalSetup]
    public void Setup()
    {
        var kept = BehaviorsByName[Behavior];
        _services = PipelineServices.Build(behavior => behavior == kept);
        _scope = _services.CreateAsyncScope();
        _sender = _scope.ServiceProvider.GetRequiredService<ISender>();
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _scope.DisposeAsync();
        await _services.DisposeAsync();
    }

    [Benchmark]
    public ValueTask<ErrorOr<AgentSnapshot>> Send() => _sender.Send(_deactivateAgent, CancellationToken.None);
}

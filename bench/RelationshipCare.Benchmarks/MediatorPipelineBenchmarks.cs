using System.Security.Claims;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using ErrorOr;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using RelationshipCare.Web.Modules.Teams.Contracts;
using RelationshipCare.Web.Modules.Teams.Features;
using RelationshipCare.Web.Platform.Data;
using RelationshipCare.Web.Platform.Identity;
using RelationshipCare.Web.Platform.Identity.Features;
using RelationshipCare.Web.Platform.Messaging;

namespace RelationshipCare.Benchmarks;

/// <summary>
/// What the mediator pipeline adds to a request: <c>Send</c> through the behaviors against a direct call of the
/// same handler. The source generator only knows the host's own messages, so these are real host messages with
/// their real validators; only their handlers are swapped for ones without I/O (the generated mediator resolves
/// handlers from the container), so what is measured is dispatch and behaviors, nothing else.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class MediatorPipelineBenchmarks
{
    private const string Query = "Query: logging, validation";
    private const string Command = "Command: logging, validation, unit of work";
    private const string AuthorizedCommand = "Admin command: logging, authorization, validation, unit of work";

    private readonly GetAgent _getAgent = new(NoIoHandlers.Agent.Id);
    private readonly RevokeApiKey.Command _revokeApiKey = new(Guid.CreateVersion7());
    private readonly SetAgentActive.Command _deactivateAgent = new(NoIoHandlers.Agent.Id, Active: false);

    private ServiceProvider _services = null!;
    private AsyncServiceScope _sharedScope;

    /// <summary>
    /// False: every call reuses one scope, so only dispatch and the behaviors' work are measured. True: every call
    /// opens a scope, as each HTTP request does, so resolving the handler and behaviors is measured too.
    /// </summary>
    [Params(false, true)]
    public bool ScopePerRequest { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _services = PipelineServices.Build();
        _sharedScope = _services.CreateAsyncScope();

        // A refused message would skip the handler and make the pipeline look cheap: every one must pass.
        IErrorOr[] results = [Query_Send().AsTask().Result, Command_Send().AsTask().Result, AdminCommand_Send().AsTask().Result];
        if (results.FirstOrDefault(r => r.IsError) is { } refused)
        {
            throw new InvalidOperationException("A benchmark message was refused: " + refused.Errors![0].Description);
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _sharedScope.DisposeAsync();
        await _services.DisposeAsync();
    }

    [Benchmark(Baseline = true), BenchmarkCategory(Query)]
    public async ValueTask<ErrorOr<AgentSnapshot>> Query_HandlerDirectly()
    {
        await using var request = BeginRequest();
        return await request.Services.GetRequiredService<IQueryHandler<GetAgent, ErrorOr<AgentSnapshot>>>().Handle(_getAgent, CancellationToken.None);
    }

    [Benchmark, BenchmarkCategory(Query)]
    public async ValueTask<ErrorOr<AgentSnapshot>> Query_Send()
    {
        await using var request = BeginRequest();
        return await request.Services.GetRequiredService<ISender>().Send(_getAgent, CancellationToken.None);
    }

    [Benchmark(Baseline = true), BenchmarkCategory(Command)]
    public async ValueTask<ErrorOr<Success>> Command_HandlerDirectly()
    {
        await using var request = BeginRequest();
        return await request.Services.GetRequiredService<ICommandHandler<RevokeApiKey.Command, ErrorOr<Success>>>().Handle(_revokeApiKey, CancellationToken.None);
    }

    [Benchmark, BenchmarkCategory(Command)]
    public async ValueTask<ErrorOr<Success>> Command_Send()
    {
        await using var request = BeginRequest();
        return await request.Services.GetRequiredService<ISender>().Send(_revokeApiKey, CancellationToken.None);
    }

    [Benchmark(Baseline = true), BenchmarkCategory(AuthorizedCommand)]
    public async ValueTask<ErrorOr<AgentSnapshot>> AdminCommand_HandlerDirectly()
    {
        await using var request = BeginRequest();
        return await request.Services.GetRequiredService<ICommandHandler<SetAgentActive.Command, ErrorOr<AgentSnapshot>>>().Handle(_deactivateAgent, CancellationToken.None);
    }

    [Benchmark, BenchmarkCategory(AuthorizedCommand)]
    public async ValueTask<ErrorOr<AgentSnapshot>> AdminCommand_Send()
    {
        await using var request = BeginRequest();
        return await request.Services.GetRequiredService<ISender>().Send(_deactivateAgent, CancellationToken.None);
    }

    private RequestScope BeginRequest() =>
        ScopePerRequest ? new RequestScope(_services.CreateAsyncScope(), Owned: true) : new RequestScope(_sharedScope, Owned: false);

    private readonly record struct RequestScope(AsyncServiceScope Scope, bool Owned) : IAsyncDisposable
    {
        public IServiceProvider Services => Scope.ServiceProvider;

        public ValueTask DisposeAsync() => Owned ? Scope.DisposeAsync() : ValueTask.CompletedTask;
    }
}

/// <summary>The parts of the host's container the pipeline touches, registered by the host's own registration methods.</summary>
internal static class PipelineServices
{
    /// <param name="keepBehavior">Which behaviors stay registered (by their open generic type); all of them when null.</param>
    public static ServiceProvider Build(Func<Type, bool>? keepBehavior = null)
    {
        // No settings: the local defaults (SQLite). No connection is ever opened: the handlers do no I/O.
        var configuration = new ConfigurationBuilder().Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton(TimeProvider.System);
        // Information is on, as in the host, so the logging behavior does its whole work; the sink discards.
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Information).AddProvider(new DiscardingLoggerProvider()));

        services.AddAppMediator();
        services.AddHybridCache();
        services.AddPlatformData(configuration, AppContext.BaseDirectory);
        services.AddPlatformIdentity(configuration);

        // The caller is a signed-in admin, as an HTTP request would carry one.
        services.Replace(ServiceDescriptor.Singleton<IHttpContextAccessor>(new SignedInAdmin()));
        services.Replace(ServiceDescriptor.Scoped<IQueryHandler<GetAgent, ErrorOr<AgentSnapshot>>, NoIoHandlers.GetAgentHandler>());
        services.Replace(ServiceDescriptor.Scoped<ICommandHandler<RevokeApiKey.Command, ErrorOr<Success>>, NoIoHandlers.RevokeApiKeyHandler>());
        services.Replace(ServiceDescriptor.Scoped<ICommandHandler<SetAgentActive.Command, ErrorOr<AgentSnapshot>>, NoIoHandlers.SetAgentActiveHandler>());
        if (keepBehavior is not null)
        {
            // The generated mediator asks the container for each message's behaviors, so removing one takes it out.
            var removed = services.Where(d => d.ServiceType.IsGenericType
                && d.ServiceType.GetGenericTypeDefinition() == typeof(IPipelineBehavior<,>)
                && !keepBehavior(d.ImplementationType!.GetGenericTypeDefinition())).ToList();
            removed.ForEach(d => services.Remove(d));
        }

        return services.BuildServiceProvider();
    }

    private sealed class SignedInAdmin : IHttpContextAccessor
    {
        public HttpContext? HttpContext { get; set; } = new DefaultHttpContext
        {
            User = new ClaimsPrincipal(new ClaimsIdentity(
                [new Claim(ClaimTypes.NameIdentifier, Guid.CreateVersion7().ToString()), new Claim(ClaimTypes.Role, AppRoles.Admin)],
                authenticationType: "Benchmark",
                ClaimTypes.NameIdentifier,
                ClaimTypes.Role)),
        };
    }

    private sealed class DiscardingLoggerProvider : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => DiscardingLogger.Instance;

        public void Dispose()
        {
        }
    }

    private sealed class DiscardingLogger : ILogger
    {
        public static readonly DiscardingLogger Instance = new();

        public bool IsEnabled(LogLevel logLevel) => true;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
        }
    }
}

/// <summary>Handlers that answer at once, standing in for the host's (which read and write the database).</summary>
internal static class NoIoHandlers
{
    public static readonly AgentSnapshot Agent = new(
        Guid.CreateVersion7(),
        "Morgan Lee",
        "morgan.lee@demo-agency.example",
        AgentRole.TeamLead,
        Guid.CreateVersion7(),
        "Life & Health",
        IsActive: true,
        TrainingLevel: 5,
        new DateOnly(2009, 3, 2),
        ["CLU"],
        new AgentPermissions(CanForceAssign: true, CanReceiveHandoffs: true, ["life"], MaxConcurrentClients: 150));

    internal sealed class GetAgentHandler : IQueryHandler<GetAgent, ErrorOr<AgentSnapshot>>
    {
        public ValueTask<ErrorOr<AgentSnapshot>> Handle(GetAgent query, CancellationToken cancellationToken) => ValueTask.FromResult<ErrorOr<AgentSnapshot>>(Agent);
    }

    internal sealed class RevokeApiKeyHandler : ICommandHandler<RevokeApiKey.Command, ErrorOr<Success>>
    {
        public ValueTask<ErrorOr<Success>> Handle(RevokeApiKey.Command command, CancellationToken cancellationToken) => ValueTask.FromResult<ErrorOr<Success>>(Result.Success);
    }

    internal sealed class SetAgentActiveHandler : ICommandHandler<SetAgentActive.Command, ErrorOr<AgentSnapshot>>
    {
        public ValueTask<ErrorOr<AgentSnapshot>> Handle(SetAgentActive.Command command, CancellationToken cancellationToken) =>
            ValueTask.FromResult<ErrorOr<AgentSnapshot>>(Agent with { IsActive = command.Active });
    }
}

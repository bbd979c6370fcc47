using FluentValidation;
using Mediator;

namespace RelationshipCare.Web.Platform.Messaging;

public static class AppMediator
{
    /// <summary>
    /// The one mediator registration, shared by the host, the tests and the benchmarks: the source
    /// generator bakes these options in at compile time, so there must be a single call site.
    /// Behaviors run in this order: logging, authorization (for requests that name a policy), validation, unit of work.
    /// Validators (of requests and of options) are singletons: they hold only their rules, which are costly to build.
    /// </summary>
    public static IServiceCollection AddAppMediator(this IServiceCollection services) =>
        services
            .AddValidatorsFromAssemblyContaining(typeof(AppMediator), ServiceLifetime.Singleton, includeInternalTypes: true)
            .AddMediator(options =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.GenerateTypesAsInternal = true;
            options.Namespace = "RelationshipCare.Web.Platform.Messaging.Generated";
            options.NotificationPublisherType = typeof(ForeachAwaitPublisher);
            options.PipelineBehaviors =
            [
                typeof(LoggingBehavior<,>),
                typeof(AuthorizationBehavior<,>),
                typeof(ValidationBehavior<,>),
                typeof(UnitOfWorkBehavior<,>),
            ];
        });
}

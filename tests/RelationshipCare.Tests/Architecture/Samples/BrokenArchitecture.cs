using ErrorOr;
using FluentValidation;
using Mediator;
using RelationshipCare.Tests.Architecture.Samples.Modules.Alpha.Contracts;
using RelationshipCare.Tests.Architecture.Samples.Modules.Alpha.Data;

// A miniature of the product's layout that breaks every architecture rule once, on purpose: the rules must report
// exactly these types, which shows they can fail (a rule that cannot fail protects nothing).
namespace RelationshipCare.Tests.Architecture.Samples.Modules.Alpha.Contracts
{
    /// <summary>Alpha's public query: other modules may use it.</summary>
    public sealed record AlphaQuery(Guid Id) : IQuery<ErrorOr<int>>;

    internal sealed class AlphaQueryValidator : AbstractValidator<AlphaQuery>;
}

namespace RelationshipCare.Tests.Architecture.Samples.Modules.Alpha.Data
{
    /// <summary>Alpha's own table: no other module may touch it.</summary>
    internal sealed record AlphaRecord(Guid Id);
}

namespace RelationshipCare.Tests.Architecture.Samples.Modules.Beta.Features
{
    /// <summary>Fine: uses Alpha through its contracts.</summary>
    internal sealed class UsesAlphaContract
    {
        public AlphaQuery Ask(Guid id) => new(id);
    }

    /// <summary>Broken: reads Alpha's own data.</summary>
    internal sealed class UsesAlphaInternals
    {
        public AlphaRecord Read(Guid id) => new(id);
    }

    /// <summary>Broken: a request without a validator, answering a bare value instead of a result.</summary>
    internal sealed record UnvalidatedCommand : ICommand<int>;

    /// <summary>Broken: a handler open to inheritance.</summary>
    internal class UnsealedHandler : ICommandHandler<UnvalidatedCommand, int>
    {
        public ValueTask<int> Handle(UnvalidatedCommand command, CancellationToken cancellationToken) => ValueTask.FromResult(1);
    }
}

namespace RelationshipCare.Tests.Architecture.Samples.Platform
{
    /// <summary>Broken: the platform reaching into a module.</summary>
    internal sealed class PlatformKnowsAModule
    {
        public AlphaRecord Peek(Guid id) => new(id);
    }
}

using ErrorOr;
using RelationshipCare.Tests.Infrastructure;
using RelationshipCare.Tests.Infrastructure.Builders;
using RelationshipCare.Web.Modules.Teams.Contracts;
using RelationshipCare.Web.Modules.Teams.Features;
using RelationshipCare.Web.Platform.Identity.Features;

namespace RelationshipCare.Tests.Platform.Messaging;

/// <summary>Requests that name a record by id refuse the empty id in their validator, before any handler looks it up.</summary>
[Collection(HostCollection.Name)]
public sealed class ValidationBehaviorTests(HostFixture host) : HostTest(host)
{
    [Theory]
    [InlineData("UpdateAgent")]
    [InlineData("DeactivateAgent")]
    [InlineData("UpdateTeam")]
    [InlineData("DeleteTeam")]
    [InlineData("GetTeam")]
    [InlineData("GetAgent")]
    [InlineData("RevokeApiKey")]
    public async Task Given_a_request_naming_the_empty_id_When_an_admin_sends_it_Then_validation_refuses_it(string request)
    {
        IErrorOr result = request switch
        {
            "UpdateAgent" => await Host.SendAsync(new AgentBuilder().ToUpdate(Guid.Empty), Demo.Admin),
            "DeactivateAgent" => await Host.SendAsync(new SetAgentActive.Command(Guid.Empty, Active: false), Demo.Admin),
            "UpdateTeam" => await Host.SendAsync(new TeamBuilder().ToUpdate(Guid.Empty), Demo.Admin),
            "DeleteTeam" => await Host.SendAsync(new DeleteTeam.Command(Guid.Empty), Demo.Admin),
            "GetTeam" => await Host.SendAsync(new GetTeam.Query(Guid.Empty), Demo.Admin),
            "GetAgent" => await Host.SendAsync(new GetAgent(Guid.Empty), Demo.Admin),
            "RevokeApiKey" => await Host.SendAsync(new RevokeApiKey.Command(Guid.Empty), Demo.Admin),
            _ => throw new ArgumentOutOfRangeException(nameof(request)),
        };

        Assert.True(result.IsError, $"{request} accepted the empty id.");
        Assert.All(result.Errors!, error => Assert.Equal(ErrorType.Validation, error.Type));
    }
}

using RelationshipCare.Web.Modules.AiRouting;
using RelationshipCare.Web.Modules.Crm;
using RelationshipCare.Web.Modules.Teams;
using RelationshipCare.Web.Platform;
using RelationshipCare.Web.Platform.Hosting;

// Composition only: the platform, then each module.
var command = HostCommand.Parse(args);
var builder = WebApplication.CreateBuilder(command.HostArgs);
builder.AddPlatform();
builder.Services.AddTeams(builder.Configuration);
builder.Services.AddCrm(builder.Configuration);
builder.Services.AddAiRouting(builder.Configuration);

var app = builder.Build();
if (!command.IsServe)
{
    return await command.RunAsync(app);
}

app.UsePlatform();
app.MapTeams();
app.MapCrm();
app.MapAiRouting();

await app.PrepareAsync();
await app.RunAsync();
return 0;

/// <summary>The host's entry point, visible to the test host.</summary>
public partial class Program;

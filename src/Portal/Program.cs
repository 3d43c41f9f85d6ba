using PortalRelease.Portal;
using PortalRelease.Portal.Configuration;
using PortalRelease.Portal.Data.Migration;

if (MigrateStoreCommand.Handles(args))
{
    return await MigrateStoreCommand.RunAsync(args, Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(PortalHome.CreateOptions(args));
builder.AddPortal();

var app = builder.Build();
app.MapPortal();
app.Run();
return 0;

/// <summary>Exposed for WebApplicationFactory in tests.</summary>
public partial class Program;

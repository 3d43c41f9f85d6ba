using PortalRelease.Portal;
using PortalRelease.Portal.Configuration;

var builder = WebApplication.CreateBuilder(PortalHome.CreateOptions(args));
builder.AddPortal();

var app = builder.Build();
app.MapPortal();
app.Run();

/// <summary>Exposed for WebApplicationFactory in tests.</summary>
public partial class Program;

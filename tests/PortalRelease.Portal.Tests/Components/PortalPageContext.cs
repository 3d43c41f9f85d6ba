using System.Text.Json;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Releases;
using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Tests.PortalComponents;

/// <summary>
/// A bUnit context on the portal's real container (<see cref="PortalExtensions.AddPortalServices"/>) over a fresh
/// temporary home: real SQLite, real journal writer and event stream. The engine is never started.
/// </summary>
public abstract class PortalPageContext : IAsyncLifetime
{
    protected const string Actor = "tester";

    /// <summary>How long to wait for a page to catch up: generous, since the journal commits and the feed hop threads.</summary>
    protected static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly string _root = Directory.CreateTempSubdirectory("portal-pages-").FullName;

    protected PortalPageContext()
        : this(new Dictionary<string, string?>())
    {
    }

    /// <summary>A context whose configuration adds <paramref name="settings"/> (roles, calendars, the identity picker).</summary>
    protected PortalPageContext(IReadOnlyDictionary<string, string?> settings)
        : this(settings, _ => { })
    {
    }

    /// <summary>A context with <paramref name="settings"/> and services of the test's own (a log capture), added before any is resolved.</summary>
    protected PortalPageContext(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection> services)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Portal:Auth:Mode"] = "Development",
                ["Portal:DataDirectory"] = Path.Combine(_root, "data"),
                ["Portal:PluginsDirectory"] = Path.Combine(_root, "plugins"),
                ["Portal:SeedSamples"] = "false",
            })
            .AddInMemoryCollection(settings)
            .Build();
        Context.JSInterop.Mode = JSRuntimeMode.Loose;
        Context.Services.AddSingleton<IHostEnvironment>(new HostingEnvironment { ContentRootPath = _root, EnvironmentName = "Development", ApplicationName = "PortalRelease.Portal" });
        Context.Services.AddLogging();
        Context.Services.AddPortalServices(configuration);
        services(Context.Services);
        Context.SetRendererInfo(new RendererInfo("Server", true));
    }

    protected BunitContext Context { get; } = new();

    protected T Get<T>() where T : notnull => Context.Services.GetRequiredService<T>();

    public Task InitializeAsync() => Get<SchemaMigrator>().MigrateAsync(CancellationToken.None);

    public virtual async Task DisposeAsync()
    {
        await Context.DisposeAsync();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; the OS cleans temp folders eventually.
        }
    }

    protected async Task AddSandboxTargetsAsync()
    {
        foreach (var name in SampleSeeder.SandboxTargets)
        {
            await Get<TargetRepository>().AddAsync(new TargetRecord(name, "sandbox", SampleSeeder.SandboxSettings, DateTimeOffset.UtcNow));
        }
    }

    protected async Task SaveSampleTemplateAsync(string name)
    {
        var sample = TemplateSamples.Find(name) ?? throw new InvalidOperationException($"no sample {name}");
        var template = Get<TemplateParser>().Parse(sample.Yaml).Template ?? throw new InvalidOperationException($"sample {name} does not parse");
        await Get<TemplateRepository>().SaveAsync(template.Name, template.Description, sample.Yaml, Actor, DateTimeOffset.UtcNow);
    }

    /// <summary>Writes a release and its first event straight to the journal, as the release service would.</summary>
    protected async Task<string> CreateReleaseAsync(ReleasePlan plan, string version = "1.0.0")
    {
        // A release names the template version it came from, and the schema holds it to that.
        await SaveSampleTemplateAsync("quick-canary");
        var id = Guid.NewGuid().ToString("N")[..12];
        var record = new ReleaseRecord(id, "quick-canary", 1, version, "{}", JsonSerializer.Serialize(plan, JournalJson.Options), DateTimeOffset.UtcNow, Actor);
        await Get<JournalWriter>().CreateReleaseAsync(record, [EventDraft.Of(new ReleaseCreated("quick-canary", 1, version, new Dictionary<string, object?>()), Actor)]);
        return id;
    }
}

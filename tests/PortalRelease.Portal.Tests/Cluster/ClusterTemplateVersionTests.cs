using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Tests.Api;
using PortalRelease.Portal.Tests.Data;

namespace PortalRelease.Portal.Tests.Cluster;

/// <summary>
/// New versions of one template imported at once — through two nodes sharing PostgreSQL, or through one SQLite portal —
/// each get their own number: none is refused, none lost, no number twice.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterTemplateVersionTests(PostgresServer server)
{
    private const int Imports = 12;

    [Fact]
    public async Task Templates_NewVersionsImportedAtOnceOnTwoNodes_EachGetsItsOwnNumber()
    {
        var database = await server.CreateDatabaseAsync();
        var settings = server.PortalSettings(database);
        await using var a = new TestPortal(settings);
        await using var b = new TestPortal(settings);

        await ImportAtOnceAsync([a, b]);
        await server.DropDatabaseAsync(database);
    }

    [Fact]
    public async Task Templates_NewVersionsImportedAtOnceOnSqlite_EachGetsItsOwnNumber()
    {
        await using var portal = new TestPortal();
        await ImportAtOnceAsync([portal]);
    }

    private static async Task ImportAtOnceAsync(TestPortal[] nodes)
    {
        var statuses = await Task.WhenAll(Enumerable.Range(1, Imports).Select(async i =>
        {
            using var content = new StringContent(Yaml(i), Encoding.UTF8, "application/yaml");
            using var response = await nodes[i % nodes.Length].Http.PostAsync("/api/templates", content);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }));
        Assert.All(statuses, s => Assert.True(s.StatusCode == HttpStatusCode.Created, $"{(int)s.StatusCode} {s.Item2}"));

        var versions = await nodes[0].Services.GetRequiredService<TemplateRepository>().ListVersionsAsync("race");
        Assert.Equal(Enumerable.Range(1, Imports).Select(i => (long)i), versions.Select(v => v.Version).Order());
        // Every import's YAML is one of the versions: none was overwritten or dropped.
        var descriptions = versions.Select(v => v.Description).Order().ToList();
        Assert.Equal(Enumerable.Range(1, Imports).Select(i => $"import {i}").Order(), descriptions);
    }

    private static string Yaml(int i) => $"""
        name: race
        description: import {i}
        stages:
          - name: sandbox
            targets: [sandbox-eu]
            steps:
              - setWeight: 100
        """;
}

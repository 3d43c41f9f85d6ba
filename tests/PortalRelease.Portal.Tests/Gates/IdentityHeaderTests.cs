using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PortalRelease.Portal.Tests.Releases;

namespace PortalRelease.Portal.Tests.Gates;

public sealed class IdentityHeaderTests
{
    [Theory]
    [InlineData(false, "dev-user")]
    [InlineData(true, "mallory")]
    public async Task XPortalUser_IsHonouredOnlyWhenAllowed(bool allowed, string recorded)
    {
        await using var portal = new OpsPortal(new Dictionary<string, string> { ["Portal:Engine:AllowIdentityHeader"] = allowed ? "true" : "false" });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/quarantine")
        {
            Content = JsonContent.Create(new { service = "shop", version = "1.0.0", reason = "bad build" }),
        };
        request.Headers.Add("X-Portal-User", "mallory");

        using var response = await portal.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(recorded, body.RootElement.GetProperty("by").GetString());
    }
}

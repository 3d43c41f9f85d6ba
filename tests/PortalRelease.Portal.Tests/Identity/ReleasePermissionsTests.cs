using Microsoft.Extensions.DependencyInjection;
using PortalRelease.Portal.Identity.Access;
using PortalRelease.Portal.Releases;
using PortalRelease.Portal.Tests.Gates;

namespace PortalRelease.Portal.Tests.Identity;

/// <summary>
/// <c>ReleaseService.PermittedCommandsAsync</c> answers what the
/// commands themselves would: every refusal it reports is the one the command then gives, every yes is accepted.
/// The grants are <see cref="AuthorizationTests.Grants"/>: paula deploys payments-*, sam operates production, vic views.
/// </summary>
public sealed class ReleasePermissionsTests : IAsyncLifetime
{
    private const string PaymentsBothStages = AuthorizationTests.PaymentsBothStages;

    private const string PaymentsApproval = """
        name: payments-approval
        service: payments-api
        stages:
          - name: prod
            environment: production
            approval: { role: release-managers }
            targets: [sandbox-us]
            steps: [{ setWeight: 10 }]
        """;

    private GatesPortal _portal = null!;

    private ReleaseService Releases => _portal.Ops.Services.GetRequiredService<ReleaseService>();

    public async Task InitializeAsync()
    {
        // paula is also a release manager here, so only being the author keeps her from approving her own release.
        _portal = new GatesPortal(new Dictionary<string, string>(AuthorizationTests.Grants) { ["Portal:Access:Groups:release-managers:2"] = "paula" });
        await _portal.LabelAsync("sandbox-eu", "staging");
        await _portal.LabelAsync("sandbox-us", "production");
    }

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Fact]
    public async Task PermittedCommands_ViewerOnSomeoneElsesRelease_RefusesEachCommandWithTheReasonTheCommandGives()
    {
        var id = await _portal.StartAsync(PaymentsBothStages, "1.0.0", author: "paula");
        var vic = TestActor.Of("vic");

        var permitted = await Releases.PermittedCommandsAsync(vic, id);

        Assert.NotNull(permitted);
        foreach (var command in Enum.GetValues<ReleaseCommand>())
        {
            var decision = permitted.Commands[command];
            Assert.False(decision.Allowed, $"{command} allowed for a viewer");
            // What the command asks of vic on paula's release, where it lands: not the coarse "anywhere" check.
            Assert.Contains("vic may not pause, resume, abort or roll back others' releases of service 'payments-api' in staging, production", decision.Reason);
            Assert.Contains("operator", decision.Reason);
            var refused = await Assert.ThrowsAsync<AccessDeniedException>(() => Releases.ExecuteAsync(id, command, vic, "x"));
            Assert.Equal(decision.Reason, refused.Message);
        }
    }

    [Fact]
    public async Task PermittedCommands_AuthorWithDeployer_AllowsSteering_AndThePauseIsAccepted()
    {
        var id = await _portal.StartAsync(PaymentsBothStages, "1.0.0", author: "paula");
        var paula = TestActor.Of("paula", "payments");

        var permitted = await Releases.PermittedCommandsAsync(paula, id);

        Assert.NotNull(permitted);
        Assert.All(permitted.Commands.Values, d => Assert.True(d.Allowed, d.Reason));
        Assert.Equal(CommandStatus.Accepted, (await Releases.ExecuteAsync(id, ReleaseCommand.Pause, paula, "checking")).Status);
    }

    [Fact]
    public async Task PermittedCommands_OperatorOnlyInProduction_IsRefusedAReleaseThatAlsoTouchesStaging()
    {
        var id = await _portal.StartAsync(PaymentsBothStages, "1.0.0", author: "paula");
        var sam = TestActor.Of("sam", "sre");

        var permitted = await Releases.PermittedCommandsAsync(sam, id);

        var pause = permitted!.Commands[ReleaseCommand.Pause];
        Assert.False(pause.Allowed);
        Assert.Contains("staging", pause.Reason);
        var refused = await Assert.ThrowsAsync<AccessDeniedException>(() => Releases.ExecuteAsync(id, ReleaseCommand.Pause, sam, "x"));
        Assert.Equal(pause.Reason, refused.Message);
    }

    [Fact]
    public async Task PermittedCommands_AwaitingApproval_RefusesTheAuthorAndTheOutsider_AllowsAReleaseManager()
    {
        var id = await _portal.StartAsync(PaymentsApproval, "1.0.0", author: "paula");
        await _portal.WaitForApprovalAsync(id);
        var paula = TestActor.Of("paula", "payments");
        var bob = TestActor.Of("bob", "release-managers");

        var author = await Releases.PermittedCommandsAsync(paula, id);
        var manager = await Releases.PermittedCommandsAsync(bob, id);

        Assert.False(author!.Approve.Allowed);
        Assert.False(author.Reject.Allowed);
        Assert.Contains("paula started release", author.Approve.Reason);
        Assert.Contains("another member of release-managers must (bob, carol)", author.Approve.Reason);
        var refused = await Releases.ApproveAsync(id, paula, null);
        Assert.Equal(GateStatus.Forbidden, refused.Status);
        Assert.Equal(author.Approve.Reason, refused.Message);
        var vic = await Releases.PermittedCommandsAsync(TestActor.Of("vic"), id);
        Assert.Contains("vic may not approve or reject releases", vic!.Approve.Reason);
        Assert.True(manager!.Approve.Allowed, manager.Approve.Reason);
        Assert.True(manager.Reject.Allowed, manager.Reject.Reason);
        Assert.Equal(GateStatus.Accepted, (await Releases.ApproveAsync(id, bob, "ok")).Status);
    }

    [Fact]
    public async Task PermittedCommands_NothingToApproveOrOverride_SaysSo_EvenToAnAdmin()
    {
        var id = await _portal.StartAsync(PaymentsBothStages, "1.0.0", author: "paula");

        var permitted = await Releases.PermittedCommandsAsync(TestActor.Of("dev-user"), id);

        Assert.Contains("is not awaiting approval", permitted!.Approve.Reason);
        Assert.Contains("is not waiting for a deployment window or freeze", permitted.Override.Reason);
        Assert.All(permitted.Commands.Values, d => Assert.True(d.Allowed, d.Reason));
    }

    [Fact]
    public async Task PermittedCommands_UnknownRelease_IsNull_AndARefusedViewerIsRefused()
    {
        var id = await _portal.StartAsync(PaymentsBothStages, "1.0.0", author: "paula");

        Assert.Null(await Releases.PermittedCommandsAsync(TestActor.Of("dev-user"), "nope"));
        var stranger = new PortalRelease.Portal.Audit.AuditActor("ghost", "ghost", "development", null);
        await Assert.ThrowsAsync<AccessDeniedException>(() => Releases.PermittedCommandsAsync(stranger, id));
    }
}

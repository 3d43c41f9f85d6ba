using Microsoft.Extensions.DependencyInjection;
using PortalRelease.Portal.Audit;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Identity;
using PortalRelease.Portal.Identity.Access;
using PortalRelease.Portal.Identity.Local;

namespace PortalRelease.Portal.Tests.Identity.Users;

/// <summary>
/// "No change may leave no enabled admin-everywhere account" holds when two changes race, not only one at a time: both
/// are started together (released by one signal) on the real services over a real SQLite file, many times over, and
/// each round must end with an enabled admin and exactly one of the two changes made.
/// </summary>
public sealed class LastAdminRaceTests : IAsyncLifetime
{
    private const int Rounds = 200;

    private PortalContainer _portal = null!;

    private LocalUserService Users => _portal.Get<LocalUserService>();

    private AccessGrantService Grants => _portal.Get<AccessGrantService>();

    public async Task InitializeAsync() =>
        _portal = await PortalContainer.CreateAsync("last-admin-race", s => s.PostConfigure<AuthOptions>(o => o.Mode = AuthMode.Local));

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Fact]
    public async Task TwoAdmins_DisablingEachOtherAtOnce_AlwaysLeaveOneEnabledAdmin()
    {
        var root = TestActor.Of("root", InitialAdmin.Group);
        await Users.CreateAsync(root, new NewLocalUser("ann", null, [InitialAdmin.Group]));
        await Users.CreateAsync(root, new NewLocalUser("ben", null, [InitialAdmin.Group]));
        var ann = TestActor.Of("ann", InitialAdmin.Group);
        var ben = TestActor.Of("ben", InitialAdmin.Group);

        for (var round = 0; round < Rounds; round++)
        {
            var (annDisabledBen, benDisabledAnn) = await AtOnceAsync(
                () => Users.SetDisabledAsync(ann, "ben", disabled: true),
                () => Users.SetDisabledAsync(ben, "ann", disabled: true));

            Assert.True(await AnyEnabledAdminAsync(), $"round {round}: no enabled admin is left");
            // Exactly one: the second to take the write lock finds itself the last admin; a rule refusing both would be no answer either.
            Assert.True(annDisabledBen ^ benDisabledAnn, $"round {round}: ann disabled ben {annDisabledBen}, ben disabled ann {benDisabledAnn}");
            // The one still enabled enables the other again for the next round.
            if (annDisabledBen)
            {
                await Users.SetDisabledAsync(ann, "ben", disabled: false);
            }
            if (benDisabledAnn)
            {
                await Users.SetDisabledAsync(ben, "ann", disabled: false);
            }
        }
    }

    [Fact]
    public async Task GrantRevoke_RacingADisable_AlwaysLeavesOneEnabledAdmin()
    {
        // ann is admin only by a stored grant, ben only by the admins group: ben revokes ann's grant while ann disables ben.
        var root = TestActor.Of("root", InitialAdmin.Group);
        await Users.CreateAsync(root, new NewLocalUser("ann", null, []));
        await Users.CreateAsync(root, new NewLocalUser("ben", null, [InitialAdmin.Group]));
        var ann = TestActor.Of("ann");
        var ben = TestActor.Of("ben", InitialAdmin.Group);
        var grant = await GrantAdminAsync(root, "ann");

        for (var round = 0; round < Rounds; round++)
        {
            var id = grant;
            var (revoked, disabled) = await AtOnceAsync(
                async () =>
                {
                    var change = await Grants.RemoveAsync(id, ben);
                    if (change.Conflict is { } conflict)
                    {
                        throw new LocalUserException(LocalUserError.Refused, conflict);
                    }
                },
                () => Users.SetDisabledAsync(ann, "ben", disabled: true));

            Assert.True(await AnyEnabledAdminAsync(), $"round {round}: no enabled admin is left (revoked {revoked}, disabled {disabled})");
            Assert.True(revoked ^ disabled, $"round {round}: revoked {revoked}, disabled {disabled}");
            if (revoked)
            {
                grant = await GrantAdminAsync(ben, "ann");
            }
            if (disabled)
            {
                await Users.SetDisabledAsync(ann, "ben", disabled: false);
            }
        }
    }

    private async Task<string> GrantAdminAsync(AuditActor actor, string user)
    {
        var change = await Grants.AddAsync(new GrantInput(user, null, null, AccessRoles.Admin, null, null), actor);
        return Assert.IsType<AccessGrant>(change.Grant).Id;
    }

    /// <summary>Starts both changes on the thread pool, waiting for one signal, and says which of them were made.</summary>
    private static async Task<(bool First, bool Second)> AtOnceAsync(Func<Task> first, Func<Task> second)
    {
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var a = Task.Run(async () =>
        {
            await go.Task;
            return await MadeAsync(first);
        });
        var b = Task.Run(async () =>
        {
            await go.Task;
            return await MadeAsync(second);
        });
        go.SetResult();
        return (await a, await b);
    }

    private static async Task<bool> MadeAsync(Func<Task> change)
    {
        try
        {
            await change();
            return true;
        }
        catch (LocalUserException)
        {
            return false;
        }
        catch (AccessDeniedException)
        {
            return false;
        }
    }

    /// <summary>Whether some enabled account holds admin everywhere, read from the database as it is now.</summary>
    private async Task<bool> AnyEnabledAdminAsync()
    {
        var access = _portal.Get<AccessControl>();
        access.Invalidate();
        foreach (var account in await _portal.Get<LocalAccountRepository>().ListAsync())
        {
            var user = new PortalUser(account.Id, account.DisplayName, null, account.Groups, LocalAccountService.Method);
            if (!account.Disabled && (await access.GrantsOfAsync(user)).Any(g => g.Role == AccessRoles.Admin && g.IsUnscoped))
            {
                return true;
            }
        }
        return false;
    }
}

using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using PortalRelease.Portal.Components;
using PortalRelease.Portal.Identity.Access;

namespace PortalRelease.Portal.Tests.PortalComponents;

/// <summary>
/// The one way pages run a command: a second click while the first runs does nothing, a refusal by the service is
/// shown instead of thrown. On MudBlazor's real dialog and snackbar services.
/// </summary>
public sealed class UiCommandTests : IAsyncLifetime
{
    private readonly BunitContext _context = new();

    public Task InitializeAsync()
    {
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddMudServices();
        _context.SetRendererInfo(new RendererInfo("Server", true));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _context.DisposeAsync();

    private ISnackbar Snackbar => _context.Services.GetRequiredService<ISnackbar>();

    private UiCommand NewCommand() => new(_context.Services.GetRequiredService<IDialogService>(), Snackbar);

    [Fact]
    public async Task Run_ClickedAgainWhileTheFirstRuns_RunsOnce_AndAgainOnceItEnded()
    {
        var command = NewCommand();
        var finish = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = 0;

        var first = command.RunAsync(async () =>
        {
            runs++;
            await finish.Task;
        });
        var second = await command.RunAsync(() =>
        {
            runs++;
            return Task.CompletedTask;
        });

        Assert.True(command.Busy);
        Assert.False(second);
        Assert.Equal(1, runs);
        finish.SetResult();
        Assert.True(await first);
        Assert.False(command.Busy);
        Assert.True(await command.RunAsync(() =>
        {
            runs++;
            return Task.CompletedTask;
        }));
        Assert.Equal(2, runs);
    }

    [Fact]
    public async Task Run_RefusedByTheService_ShowsWhyInASnackbar_AndIsNoLongerBusy()
    {
        var command = NewCommand();

        var ran = await command.RunAsync(() => throw new AccessDeniedException("vic may not manage access"));

        Assert.False(ran);
        Assert.False(command.Busy);
        Assert.Contains(Snackbar.ShownSnackbars, s => s.Message?.Contains("vic may not manage access", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Run_RefusedWithAPageHandler_HandsItTheRefusal_AndNoSnackbar()
    {
        var command = NewCommand();
        Exception? seen = null;

        var result = await command.RunAsync<string>(() => throw new AccessDeniedException("no"), refused: e => seen = e);

        Assert.Null(result);
        Assert.IsType<AccessDeniedException>(seen);
        Assert.Empty(Snackbar.ShownSnackbars);
    }
}

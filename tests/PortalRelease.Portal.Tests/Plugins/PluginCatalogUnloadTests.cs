using System.Runtime.CompilerServices;
using System.Runtime.Loader;

namespace PortalRelease.Portal.Tests.Plugins;

public sealed class PluginCatalogUnloadTests : IDisposable
{
    private readonly PluginsFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Dispose_LoadedPlugin_ItsLoadContextIsCollected()
    {
        _folder.AddFixture("Fixture", PluginsFolder.DriverFixture,
            PluginsFolder.Manifest("fixture", PluginsFolder.DriverFixture, ["fixture"], ["fixture-metrics"]));

        var context = LoadAndDispose();
        for (var i = 0; i < 10 && context.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.False(context.IsAlive);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private WeakReference LoadAndDispose()
    {
        var catalog = _folder.Load();
        var context = new WeakReference(AssemblyLoadContext.GetLoadContext(catalog.FindDriver("fixture")!.GetType().Assembly));
        catalog.Dispose();
        return context;
    }
}

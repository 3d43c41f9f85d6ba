using PortalRelease.Sdk;
using PortalRelease.Sdk.Testing;

namespace PortalRelease.Plugins.DbMigrations.Tests.Fixtures;

/// <summary>The driver registered through its plugin entry point, as the portal does, under a test policy.</summary>
public static class Drivers
{
    /// <summary>
    /// A driver whose policy roots db-migrations at the temporary folder the tests' databases and migration folders live
    /// in and allows loopback (the tests' PostgreSQL); <paramref name="configure"/> may allow more.
    /// </summary>
    public static ITargetDriver Create(Action<TestHostPolicy>? configure = null)
    {
        using var host = new TestPluginHost();
        host.Policy.Roots[DbMigrationsPlugin.Kind] = Path.GetTempPath();
        configure?.Invoke(host.Policy);
        return host.Register(new DbMigrationsPlugin()).Driver(DbMigrationsPlugin.Kind);
    }
}

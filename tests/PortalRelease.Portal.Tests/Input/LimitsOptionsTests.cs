using Microsoft.Extensions.Configuration;
using PortalRelease.Portal.Configuration;

namespace PortalRelease.Portal.Tests.Input;

public sealed class LimitsOptionsTests
{
    [Fact]
    public void Validate_Defaults_Succeeds()
    {
        var result = new PortalOptionsValidator().Validate(null, new PortalOptions());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_ShippedAppsettings_BindsAndSucceeds()
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(Api.TempPortalHome.RepoRoot(), "appsettings.json"))
            .Build();
        var options = configuration.GetSection(PortalOptions.Section).Get<PortalOptions>()!;

        var result = new PortalOptionsValidator().Validate(null, options);

        Assert.True(result.Succeeded, result.FailureMessage);
        Assert.Equal(64 * 1024, options.Limits.TargetBytes);
    }

    [Fact]
    public void Validate_ZeroOrHugeLimits_NamesEachSetting()
    {
        var options = new PortalOptions
        {
            Limits = new LimitsOptions
            {
                RequestBodyBytes = 0,
                TemplateBytes = int.MaxValue,
                TemplateSteps = 0,
                Alerts = -1,
                CommentLength = 0,
            },
        };

        var result = new PortalOptionsValidator().Validate(null, options);

        Assert.False(result.Succeeded);
        foreach (var setting in new[] { "RequestBodyBytes", "TemplateBytes", "TemplateSteps", "Alerts", "CommentLength" })
        {
            Assert.Contains(result.Failures!, f => f.StartsWith($"Portal:Limits:{setting} must", StringComparison.Ordinal));
        }
    }
}

using System.Text;
using PortalRelease.Portal.Health;

namespace PortalRelease.Portal.Tests.Health;

/// <summary>A failed service's error is shown on <c>/healthz</c> as the portal quotes any text: short, whole characters, control characters escaped.</summary>
public sealed class BackgroundServiceHealthTextTests
{
    [Fact]
    public void Failed_MessageWithControlCharacters_IsShownEscaped()
    {
        var health = new BackgroundServiceHealth(TimeProvider.System);

        health.Failed("projector", new InvalidOperationException("disk \u001b[31mfull\u0007\r\nsecond line"));

        var text = Assert.Single(health.Services).LastError!;
        Assert.DoesNotContain(text, char.IsControl);
        Assert.Contains("\\u001B[31mfull", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Failed_LongMessage_IsCutOnAWholeCharacter()
    {
        var health = new BackgroundServiceHealth(TimeProvider.System);
        // The cut falls inside the emoji's surrogate pair when counted in UTF-16 code units.
        var message = new string('a', BackgroundServiceHealth.MaxErrorLength - "InvalidOperationException: ".Length - 1) + "😀" + new string('b', 500);

        health.Failed("projector", new InvalidOperationException(message));

        var text = Assert.Single(health.Services).LastError!;
        Assert.EndsWith("…", text, StringComparison.Ordinal);
        Assert.True(text.Length <= BackgroundServiceHealth.MaxErrorLength + 2, $"{text.Length} characters");
        Assert.True(Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text)) == text, "The cut left half a character.");
    }
}

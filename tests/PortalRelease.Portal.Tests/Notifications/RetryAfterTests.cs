using System.Net;
using System.Net.Http.Headers;
using PortalRelease.Portal.Notifications;

namespace PortalRelease.Portal.Tests.Notifications;

public sealed class RetryAfterTests
{
    private static readonly TimeSpan Max = TimeSpan.FromMinutes(5);

    [Fact]
    public void RetryAfter_InSecondsOrAsADate_IsHonouredUpToTheBound()
    {
        Assert.Equal(TimeSpan.FromSeconds(3), Wait(new RetryConditionHeaderValue(TimeSpan.FromSeconds(3))));
        var dated = Wait(new RetryConditionHeaderValue(DateTimeOffset.UtcNow.AddSeconds(30)))!.Value;
        Assert.InRange(dated, TimeSpan.FromSeconds(27), TimeSpan.FromSeconds(31));
        Assert.Equal(Max, Wait(new RetryConditionHeaderValue(TimeSpan.FromHours(2))));
        Assert.Equal(TimeSpan.Zero, Wait(new RetryConditionHeaderValue(DateTimeOffset.UtcNow.AddMinutes(-1))));
        Assert.Null(Wait(null));
        Assert.Null(NotificationServiceExtensions.RetryAfter(null, Max));
    }

    [Theory]
    [InlineData(408, true)]
    [InlineData(429, true)]
    [InlineData(500, true)]
    [InlineData(503, true)]
    [InlineData(400, false)]
    [InlineData(401, false)]
    [InlineData(404, false)]
    [InlineData(410, false)]
    public void IsRetried_Only408_429And5xx(int status, bool retried) =>
        Assert.Equal(retried, NotificationServiceExtensions.IsRetried((HttpStatusCode)status));

    private static TimeSpan? Wait(RetryConditionHeaderValue? retryAfter)
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = retryAfter;
        return NotificationServiceExtensions.RetryAfter(response, Max);
    }
}

using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using PortalRelease.Portal.Data;

namespace PortalRelease.Portal.Notifications;

public static class NotificationServiceExtensions
{
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<NotificationOptions>()
            .Bind(configuration.GetSection(NotificationOptions.Section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<NotificationOptions>, NotificationOptionsValidator>();
        services.AddSingleton<WebhookRegistry>();
        services.AddSingleton<NotificationRepository>();
        services.AddTransient<WebhookAttemptHandler>();
        var client = services.AddHttpClient(NotificationSender.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            // A redirect would turn the POST into a GET and drop the signed body: a receiver that moved is a failure to see.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        client.AddResilienceHandler("notifications", (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<NotificationOptions>>().Value;
                pipeline.AddRetry(RetryOptions(options));
                pipeline.AddTimeout(options.AttemptTimeout);
            });
        // Added after the resilience handler, so it runs inside it: once per attempt.
        client.AddHttpMessageHandler<WebhookAttemptHandler>();
        services.AddSingleton<NotificationSender>();
        services.AddHostedService(sp => sp.GetRequiredService<NotificationSender>());
        services.AddHostedService<NotificationDispatcher>();
        return services;
    }

    /// <summary>408, 429 and 5xx are worth another attempt; any other 4xx means this request will never be accepted.</summary>
    public static bool IsRetried(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    private static HttpRetryStrategyOptions RetryOptions(NotificationOptions options) => new()
    {
        MaxRetryAttempts = options.MaxAttempts - 1,
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
        Delay = options.RetryDelay,
        // Retry-After is read below, where it can be bounded.
        ShouldRetryAfterHeader = false,
        ShouldHandle = args =>
        {
            // Attempts made before a restart count against the bound too.
            var remaining = args.Context.Properties.GetValue(NotificationSender.RemainingAttempts, options.MaxAttempts);
            if (args.AttemptNumber + 1 >= remaining)
            {
                return ValueTask.FromResult(false);
            }
            return ValueTask.FromResult(args.Outcome.Result is { } response
                ? IsRetried(response.StatusCode)
                : args.Outcome.Exception is HttpRequestException or Polly.Timeout.TimeoutRejectedException);
        },
        DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, options.MaxRetryAfter)),
    };

    /// <summary>The receiver's <c>Retry-After</c> (seconds or a date), at most <paramref name="max"/>; null lets the backoff decide.</summary>
    internal static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeSpan max)
    {
        var header = response?.Headers.RetryAfter;
        TimeSpan? wait = header?.Delta ?? (header?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        if (wait is not { } w)
        {
            return null;
        }
        return w < TimeSpan.Zero ? TimeSpan.Zero : w > max ? max : w;
    }
}

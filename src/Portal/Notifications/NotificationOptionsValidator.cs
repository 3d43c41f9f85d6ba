using Microsoft.Extensions.Options;

namespace PortalRelease.Portal.Notifications;

/// <summary>Refuses to start on a webhook that could never be delivered, naming the entry and the setting.</summary>
public sealed class NotificationOptionsValidator : IValidateOptions<NotificationOptions>
{
    public ValidateOptionsResult Validate(string? name, NotificationOptions options)
    {
        var errors = Check(options, Environment.GetEnvironmentVariable, out _);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Every problem of <paramref name="options"/>; <paramref name="webhooks"/> holds the resolved receivers when there is none.</summary>
    public static List<string> Check(NotificationOptions options, Func<string, string?> environment, out IReadOnlyList<Webhook> webhooks)
    {
        var errors = new List<string>();
        var section = NotificationOptions.Section;
        if (!Uri.TryCreate(options.PortalUrl, UriKind.Absolute, out var portal) || (portal.Scheme != Uri.UriSchemeHttp && portal.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"{section}:PortalUrl '{options.PortalUrl}' is not an absolute http:// or https:// URL (receivers link to release pages under it).");
        }
        if (options.MaxAttempts is < 1 or > 50)
        {
            errors.Add($"{section}:MaxAttempts must be between 1 and 50; got {options.MaxAttempts}.");
        }
        Positive(options.RetryDelay, "RetryDelay", errors);
        Positive(options.MaxRetryAfter, "MaxRetryAfter", errors);
        Positive(options.AttemptTimeout, "AttemptTimeout", errors);
        Positive(options.MaxEventAge, "MaxEventAge", errors);
        var resolved = new List<Webhook>();
        for (var i = 0; i < options.Webhooks.Count; i++)
        {
            if (Webhook.Resolve(options.Webhooks[i], i, environment, errors) is { } webhook)
            {
                if (resolved.Any(w => string.Equals(w.Name, webhook.Name, StringComparison.OrdinalIgnoreCase)))
                {
                    errors.Add($"{section}:Webhooks:{i}: the name '{webhook.Name}' is used twice; names must be unique.");
                    continue;
                }
                resolved.Add(webhook);
            }
        }
        webhooks = resolved;
        return errors;
    }

    private static void Positive(TimeSpan value, string name, List<string> errors)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{NotificationOptions.Section}:{name} must be longer than zero; got {value}.");
        }
    }
}

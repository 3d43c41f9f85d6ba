namespace PortalRelease.Portal.Identity.Access;

/// <summary>Whether an action is allowed, and when not, why in words a user can act on (shown in the UI and in a 403).</summary>
public sealed record AccessDecision(bool Allowed, string? Reason)
{
    public static readonly AccessDecision Yes = new(true, null);

    public static AccessDecision No(string reason) => new(false, reason);

    /// <summary>Throws <see cref="AccessDeniedException"/> (a 403 at the API) with the reason unless allowed.</summary>
    public void Demand()
    {
        if (!Allowed)
        {
            throw new AccessDeniedException(Reason ?? "Not allowed.");
        }
    }
}

/// <summary>Thrown by a service when the actor may not do what they asked; the API answers 403 with the message.</summary>
public sealed class AccessDeniedException(string message) : Exception(message);

namespace PortalRelease.Sdk;

/// <summary>
/// The operator's rules for where targets and metric sources may reach: which endpoints they may connect to, which host
/// folders a setting may name, and which optional features are enabled, per kind. Settings are input from the portal's
/// users, not the operator's configuration: a plugin asks the policy before it connects to an endpoint or opens a path a
/// setting named, at validation and again when it builds its client, and refuses when the policy gives a reason.
/// </summary>
public interface IHostPolicy
{
    /// <summary>Whether a target or metric source of <paramref name="kind"/> may connect to <paramref name="endpoint"/>.</summary>
    /// <param name="kind">The target or metric kind asking, e.g. <c>kubernetes</c>.</param>
    /// <param name="endpoint">The absolute endpoint; its scheme, host and port are checked.</param>
    /// <returns>
    /// <c>null</c> when allowed; otherwise one sentence saying what the operator allows and which setting of the portal's
    /// appsettings.json changes it, fit to show to the user as a settings error.
    /// </returns>
    string? CheckEndpoint(string kind, Uri endpoint);

    /// <summary>
    /// Resolves a host path a setting names: relative to the operator's root folder for <paramref name="kind"/>, or
    /// absolute inside it. <c>..</c> segments and symbolic links (followed to their final target) must stay inside the
    /// root, and the portal's own data folder is never allowed.
    /// </summary>
    /// <param name="kind">The target or metric kind asking.</param>
    /// <param name="path">The path as the setting gave it.</param>
    /// <param name="fullPath">The resolved absolute path (symbolic links followed) when allowed; empty otherwise.</param>
    /// <returns>
    /// <c>null</c> when allowed; otherwise one sentence naming the appsettings key to change. The reason never says whether
    /// the path exists and never lists a folder.
    /// </returns>
    string? ResolvePath(string kind, string path, out string fullPath);

    /// <summary>Whether the operator enabled an optional feature of a kind, e.g. <c>("kubernetes", "in-cluster")</c>.</summary>
    /// <param name="kind">The target or metric kind asking.</param>
    /// <param name="feature">The feature's name, compared case-insensitively.</param>
    bool IsEnabled(string kind, string feature);
}

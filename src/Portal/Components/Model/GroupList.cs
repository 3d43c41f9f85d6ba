namespace PortalRelease.Portal.Components.Model;

/// <summary>Group names as typed in one field, comma-separated: what the users section's form and dialog send.</summary>
public static class GroupList
{
    public static List<string?> Split(string? text) =>
        string.IsNullOrWhiteSpace(text) ? [] : text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(g => (string?)g).ToList();
}

using System.Reflection;

namespace PortalRelease.Portal.Templates;

/// <summary>A sample template shipped with the portal: its name (file name without <c>.yaml</c>) and its YAML text.</summary>
public sealed record TemplateSample(string Name, string Yaml);

/// <summary>The sample templates embedded from <c>Templates/Samples/*.yaml</c>, ordered by name.</summary>
public static class TemplateSamples
{
    private const string ResourcePrefix = "PortalRelease.Portal.Templates.Samples.";
    private const string ResourceSuffix = ".yaml";

    private static readonly Lazy<IReadOnlyList<TemplateSample>> Loaded = new(Load);

    public static IReadOnlyList<TemplateSample> All => Loaded.Value;

    /// <summary>The sample named <paramref name="name"/>, or null.</summary>
    public static TemplateSample? Find(string name) =>
        All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.Ordinal));

    private static List<TemplateSample> Load()
    {
        var assembly = typeof(TemplateSamples).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(ResourceSuffix, StringComparison.Ordinal))
            .Select(n => new TemplateSample(n[ResourcePrefix.Length..^ResourceSuffix.Length], Read(assembly, n)))
            .OrderBy(s => s.Name, StringComparer.Ordinal)
            .ToList();
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"embedded template sample '{resource}' is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

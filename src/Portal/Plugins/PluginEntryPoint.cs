using System.Reflection;
using PortalRelease.Sdk;

namespace PortalRelease.Portal.Plugins;

/// <summary>Finds and creates the one public, parameterless <see cref="IPortalPlugin"/> of a plugin assembly.</summary>
internal static class PluginEntryPoint
{
    /// <param name="assemblyPath">Where the assembly was read from: loaded in memory, it has no location of its own.</param>
    public static IPortalPlugin Create(Assembly assembly, string assemblyPath)
    {
        var fileName = Path.GetFileName(assemblyPath);
        var types = ExportedTypes(assembly, fileName);
        var candidates = types
            .Where(t => t is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false }
                && typeof(IPortalPlugin).IsAssignableFrom(t)
                && t.GetConstructor(Type.EmptyTypes) is not null)
            .ToList();
        if (candidates.Count == 0)
        {
            throw new PluginLoadException(NoEntryPointReason(types, fileName));
        }
        if (candidates.Count > 1)
        {
            throw new PluginLoadException(
                $"'{fileName}' has {candidates.Count} public IPortalPlugin classes ({string.Join(", ", candidates.Select(t => t.FullName))}); a plugin must have exactly one.");
        }
        try
        {
            return (IPortalPlugin)Activator.CreateInstance(candidates[0])!;
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            var inner = ex.InnerException;
            throw new PluginLoadException($"The constructor of {candidates[0].FullName} threw {inner.GetType().Name}: {inner.Message}", inner);
        }
    }

    private static Type[] ExportedTypes(Assembly assembly, string fileName)
    {
        try
        {
            return assembly.GetExportedTypes();
        }
        catch (Exception ex) when (ex is ReflectionTypeLoadException or TypeLoadException or IOException)
        {
            throw new PluginLoadException($"The types of '{fileName}' could not be read (a dependency may be missing): {ex.Message}", ex);
        }
    }

    private static string NoEntryPointReason(Type[] types, string fileName)
    {
        // A plugin that carries its own copy of the SDK implements a look-alike interface: say so, it is the usual cause.
        var lookAlike = types.FirstOrDefault(t => t.GetInterfaces().Any(i => i.FullName == typeof(IPortalPlugin).FullName && i != typeof(IPortalPlugin)));
        return lookAlike is not null
            ? $"{lookAlike.FullName} implements IPortalPlugin from a different copy of PortalRelease.Sdk; reference the SDK with Private=false and ExcludeAssets=runtime so no copy is shipped beside the plugin."
            : $"'{fileName}' has no public class implementing IPortalPlugin with a public parameterless constructor.";
    }
}

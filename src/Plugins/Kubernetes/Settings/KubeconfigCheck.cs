using System.Text;
using k8s;
using k8s.Exceptions;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Kubernetes.Settings;

/// <summary>
/// Checks offline that an inline kubeconfig parses, names a usable context and holds nothing <see cref="KubeconfigRules"/>
/// refuses; messages never quote its content.
/// </summary>
internal static class KubeconfigCheck
{
    public static void Check(string kubeconfig, string? context, IHostPolicy policy, List<SettingsError> errors)
    {
        try
        {
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(kubeconfig));
            var parsed = KubernetesClientConfiguration.LoadKubeConfig(stream);
            KubeconfigRules.Check(kubeconfig, policy, errors);
            var name = context ?? parsed.CurrentContext;
            if (string.IsNullOrEmpty(name))
            {
                errors.Add(KubernetesSettingsReader.Error("/kubeconfig", "The kubeconfig has no current-context: set one, or name a context in 'context'."));
            }
            else if (parsed.Contexts?.Any(c => c.Name == name) != true)
            {
                var known = string.Join(", ", parsed.Contexts?.Select(c => c.Name) ?? []);
                errors.Add(KubernetesSettingsReader.Error(context is null ? "/kubeconfig" : "/context", $"The kubeconfig has no context '{name}' (contexts: {(known.Length == 0 ? "none" : known)})."));
            }
        }
        catch (Exception ex) when (ex is KubeConfigException or YamlDotNet.Core.YamlException or InvalidOperationException or ArgumentException)
        {
            errors.Add(KubernetesSettingsReader.Error("/kubeconfig", "The kubeconfig does not parse as kubeconfig YAML" + Where(ex) + "."));
        }
    }

    private static string Where(Exception ex) => ex is YamlDotNet.Core.YamlException yaml ? $" (line {yaml.Start.Line}, column {yaml.Start.Column})" : "";
}

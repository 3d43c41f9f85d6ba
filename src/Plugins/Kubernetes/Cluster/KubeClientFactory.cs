using System.Text;
using k8s;
using k8s.Exceptions;
using PortalRelease.Plugins.Kubernetes.Settings;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Kubernetes.Cluster;

/// <summary>Builds a KubernetesClient for a target: inline kubeconfig, in-cluster service account, or a bare server URL.</summary>
internal static class KubeClientFactory
{
    /// <remarks>
    /// The settings were read with the policy (<see cref="KubernetesSettingsReader.Parse"/>), so the kubeconfig runs and
    /// reads nothing; the host the client ends up with is checked once more, because in-cluster configuration takes it
    /// from the pod's environment rather than from the settings.
    /// </remarks>
    public static IKubernetes Create(string targetName, KubernetesSettings settings, IHostPolicy policy)
    {
        try
        {
            var configuration = Configuration(settings);
            if (!Uri.TryCreate(configuration.Host, UriKind.Absolute, out var host))
            {
                throw new DriverException($"Kubernetes target '{targetName}' cannot connect: the configuration names no API server URL.");
            }

            if (policy.CheckEndpoint(KubernetesPlugin.Kind, host) is { } refusal)
            {
                throw new DriverException($"Kubernetes target '{targetName}' cannot connect: {refusal}");
            }

            return new k8s.Kubernetes(configuration);
        }
        catch (KubeConfigException ex)
        {
            // The library's messages name files and fields, never credential values.
            throw new DriverException($"Kubernetes target '{targetName}' cannot connect: {ex.Message}", ex);
        }
    }

    private static KubernetesClientConfiguration Configuration(KubernetesSettings settings)
    {
        var server = settings.Server?.ToString().TrimEnd('/');
        if (settings.Kubeconfig is not null)
        {
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(settings.Kubeconfig));
            return KubernetesClientConfiguration.BuildConfigFromConfigFile(stream, settings.Context, server);
        }

        if (settings.InCluster)
        {
            var config = KubernetesClientConfiguration.InClusterConfig();
            if (server is not null)
            {
                config.Host = server;
            }

            return config;
        }

        return new KubernetesClientConfiguration { Host = server };
    }
}

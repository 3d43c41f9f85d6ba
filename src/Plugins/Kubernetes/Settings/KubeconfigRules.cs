using PortalRelease.Sdk;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PortalRelease.Plugins.Kubernetes.Settings;

/// <summary>
/// What an inline kubeconfig may hold. It is written by a portal user, yet the Kubernetes client runs the program an
/// <c>exec</c> or <c>auth-provider</c> entry names and reads any file a <c>tokenFile</c>, <c>client-certificate</c>,
/// <c>client-key</c> or <c>certificate-authority</c> path names, as the portal's own user. So only inline credentials
/// are accepted (an allowlist of keys: whatever a later client learns to run is refused too), and every cluster's
/// server must pass the operator's policy.
/// </summary>
internal static class KubeconfigRules
{
    private static readonly HashSet<string> UserKeys = new(StringComparer.Ordinal)
    {
        "token", "username", "password", "client-certificate-data", "client-key-data", "as", "as-uid", "as-groups", "as-user-extra",
    };

    private static readonly HashSet<string> ClusterKeys = new(StringComparer.Ordinal)
    {
        "server", "certificate-authority-data", "insecure-skip-tls-verify", "tls-server-name", "disable-compression", "extensions",
    };

    /// <summary>Adds an error at <c>/kubeconfig</c> for every entry that would run a program, read a host file or reach a server the policy refuses.</summary>
    public static void Check(string kubeconfig, IHostPolicy policy, List<SettingsError> errors)
    {
        var yaml = new YamlStream();
        try
        {
            yaml.Load(new StringReader(kubeconfig));
        }
        catch (YamlException ex)
        {
            // Fail closed: what cannot be read here is not handed to a client that might read it differently.
            errors.Add(KubernetesSettingsReader.Error("/kubeconfig", $"The kubeconfig could not be checked (line {ex.Start.Line}, column {ex.Start.Column}): {ex.GetType().Name}."));
            return;
        }

        foreach (var root in yaml.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>())
        {
            foreach (var (index, name, user) in Entries(root, "users", "user"))
            {
                foreach (var key in Keys(user).Where(k => !UserKeys.Contains(k)))
                {
                    errors.Add(Refused("users", index, name, key, UserReason(key)));
                }
            }

            foreach (var (index, name, cluster) in Entries(root, "clusters", "cluster"))
            {
                foreach (var key in Keys(cluster).Where(k => !ClusterKeys.Contains(k)))
                {
                    errors.Add(Refused("clusters", index, name, key, ClusterReason(key)));
                }

                if (ServerReason(cluster, policy) is { } reason)
                {
                    errors.Add(Refused("clusters", index, name, "server", reason));
                }
            }
        }
    }

    private static string UserReason(string key) => key switch
    {
        "exec" or "auth-provider" => "would run a program or an identity provider's flow on the portal's host; give a token or client-certificate-data and client-key-data instead",
        "tokenFile" => "names a file on the portal's host; give the token itself as 'token'",
        "client-certificate" or "client-key" => $"names a file on the portal's host; give its content base64-encoded as '{key}-data'",
        _ => "is not supported: a user may have token, username and password, or client-certificate-data and client-key-data (and as, as-groups, as-uid, as-user-extra)",
    };

    private static string ClusterReason(string key) => key switch
    {
        "certificate-authority" => "names a file on the portal's host; give its content base64-encoded as 'certificate-authority-data'",
        "proxy-url" => "would send the requests and their credentials through a proxy; proxies are not supported",
        _ => "is not supported: a cluster may have server, certificate-authority-data, insecure-skip-tls-verify, tls-server-name, disable-compression and extensions",
    };

    private static string? ServerReason(YamlMappingNode cluster, IHostPolicy policy)
    {
        if (!cluster.Children.TryGetValue(new YamlScalarNode("server"), out var node))
        {
            return null;
        }

        var text = (node as YamlScalarNode)?.Value;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var server) || server.Scheme is not ("http" or "https"))
        {
            return "is not an http(s) URL of an API server";
        }

        return policy.CheckEndpoint(KubernetesPlugin.Kind, server) is { } refusal ? "is refused: " + refusal.TrimEnd('.') : null;
    }

    private static IEnumerable<(int Index, string Name, YamlMappingNode Body)> Entries(YamlMappingNode root, string section, string body)
    {
        if (!root.Children.TryGetValue(new YamlScalarNode(section), out var list) || list is not YamlSequenceNode entries)
        {
            yield break;
        }

        var index = 0;
        foreach (var entry in entries)
        {
            if (entry is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(body), out var value) && value is YamlMappingNode content)
            {
                var name = mapping.Children.TryGetValue(new YamlScalarNode("name"), out var n) ? (n as YamlScalarNode)?.Value ?? "" : "";
                yield return (index, name, content);
            }

            index++;
        }
    }

    private static IEnumerable<string> Keys(YamlMappingNode mapping) =>
        mapping.Children.Keys.Select(k => (k as YamlScalarNode)?.Value ?? k.ToString());

    private static SettingsError Refused(string section, int index, string name, string key, string reason) =>
        KubernetesSettingsReader.Error("/kubeconfig", $"{section}[{index}] '{Excerpt(name)}': '{Excerpt(key)}' {reason}.");

    private static string Excerpt(string text) => text.Length <= 40 ? text : text[..40] + "…";
}

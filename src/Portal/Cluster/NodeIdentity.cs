using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace PortalRelease.Portal.Cluster;

/// <summary>This process's name among the nodes: configured, or the host name, process id and a random suffix.</summary>
public sealed class NodeIdentity(IOptions<ClusterOptions> options)
{
    public string Id { get; } = options.Value.NodeId
        ?? $"{Sanitize(Environment.MachineName)}-{Environment.ProcessId}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";

    public string Host { get; } = Environment.MachineName;

    public int ProcessId { get; } = Environment.ProcessId;

    private static string Sanitize(string host)
    {
        var kept = new string(host.Where(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_').Take(40).ToArray());
        return kept.Length == 0 || !char.IsAsciiLetterOrDigit(kept[0]) ? "node" : kept;
    }
}

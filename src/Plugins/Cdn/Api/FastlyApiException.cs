using System.Net;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Cdn.Api;

/// <summary>An error answer of the Fastly API, with its status so the driver can react to conflicts.</summary>
internal sealed class FastlyApiException : DriverException
{
    public FastlyApiException(string message, HttpStatusCode status) : base(message)
    {
        Status = status;
    }

    public FastlyApiException()
    {
    }

    public FastlyApiException(string message) : base(message)
    {
    }

    public FastlyApiException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public HttpStatusCode Status { get; }
}

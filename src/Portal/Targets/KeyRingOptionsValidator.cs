using Microsoft.Extensions.Options;

namespace PortalRelease.Portal.Targets;

/// <summary>Fails the start naming the setting when the key ring's certificate cannot be loaded.</summary>
internal sealed class KeyRingOptionsValidator(IHostEnvironment environment) : IValidateOptions<KeyRingOptions>
{
    public ValidateOptionsResult Validate(string? name, KeyRingOptions options)
    {
        var (certificate, error) = KeyRingCertificate.Load(options.Certificate, environment.ContentRootPath);
        certificate?.Dispose();
        return error is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(error);
    }
}

using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace PortalRelease.Portal.Identity.Ci;

/// <summary>
/// How a CI scheme validates a token: signed (never <c>alg: none</c>, never a shared-secret algorithm, whose key would be
/// public here) by a key from the issuer's discovery document, by that issuer, for one of its rules' audiences, within
/// its lifetime give or take <see cref="CiSchemes.ClockSkew"/>. Claim rules and the service account come after, in
/// <see cref="CiJwtEvents"/>.
/// </summary>
internal sealed class CiJwtSetup(IOptions<AuthOptions> auth) : IConfigureNamedOptions<JwtBearerOptions>
{
    private static readonly string[] Algorithms =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
    ];

    public void Configure(JwtBearerOptions options)
    {
    }

    public void Configure(string? name, JwtBearerOptions options)
    {
        if (name is null || CiSchemes.Of(auth.Value.Ci, name) is not ({ } issuer, { } rules))
        {
            return;
        }
        options.Authority = issuer;
        // The validator allows false only for a loopback issuer.
        options.RequireHttpsMetadata = rules.All(r => r.RequireHttpsMetadata);
        options.MapInboundClaims = false;
        options.SaveToken = false;
        options.IncludeErrorDetails = false;
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuers = [issuer, issuer + "/"],
            ValidAudiences = rules.Select(r => r.Audience!).Distinct(StringComparer.Ordinal).ToList(),
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidAlgorithms = Algorithms,
            ClockSkew = CiSchemes.ClockSkew,
        };
        options.EventsType = typeof(CiJwtEvents);
    }
}

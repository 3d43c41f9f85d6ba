using PortalRelease.Portal.Targets;

namespace PortalRelease.Portal.Tests.Targets;

public sealed class KnownSecretsEmbeddedTests
{
    [Fact]
    public void Add_Kubeconfig_MasksEachEmbeddedCredentialOnItsOwn()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        KnownSecrets.Add([$"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: shop-{id}
              cluster:
                server: https://127.0.0.1:6443
                certificate-authority-data: ca-data-{id}
            users:
            - name: deployer-{id}
              user:
                token: token-{id}
                client-certificate-data: cert-data-{id}
                client-key-data: key-data-{id}
            - name: oidc-{id}
              user:
                auth-provider:
                  config:
                    id-token: id-token-{id}
                    refresh-token: refresh-{id}
            - name: basic-{id}
              user:
                username: alice
                password: pa55-{id}
            """]);

        var text = KnownSecrets.Redact($"401 for token-{id}, key key-data-{id}, cert cert-data-{id}, ca ca-data-{id}, id id-token-{id}, refresh refresh-{id}, password pa55-{id} on shop-{id} as deployer-{id}");

        Assert.Equal($"401 for [secret], key [secret], cert [secret], ca [secret], id [secret], refresh [secret], password [secret] on shop-{id} as deployer-{id}", text);
    }

    [Fact]
    public void Add_JsonKeyFile_MasksEveryLeafUnderACredentialKey()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        KnownSecrets.Add([System.Text.Json.JsonSerializer.Serialize(new
        {
            type = "service_account",
            project_id = $"shop-{id}",
            private_key = $"-----BEGIN KEY-----{id}",
            credentials = new { accessKeyId = $"AKIA{id}", secretAccessKey = $"sak-{id}" },
        })]);

        var text = KnownSecrets.Redact($"key -----BEGIN KEY-----{id} id AKIA{id} secret sak-{id} project shop-{id}");

        Assert.Equal($"key [secret] id [secret] secret [secret] project shop-{id}", text);
    }
}

using System.Text.Json.Nodes;

namespace PortalRelease.Plugins.Kubernetes.Tests.Fake;

/// <summary>The cluster every test starts from: namespace shop, Deployment web (3 replicas of 0.9.0), two Services and a route.</summary>
public static class ClusterSeed
{
    public const string Namespace = "shop";
    public const string Image = "registry.example.com/shop/web";
    public const string Deployments = "/apis/apps/v1/namespaces/shop/deployments";
    public const string Workload = Deployments + "/web";
    public const string Canary = Deployments + "/web-canary";
    public const string Green = Deployments + "/web-green";
    public const string StableService = "/api/v1/namespaces/shop/services/web-stable";
    public const string CanaryService = "/api/v1/namespaces/shop/services/web-canary";
    public const string HttpRoute = "/apis/gateway.networking.k8s.io/v1/namespaces/shop/httproutes/web";
    public const string VirtualService = "/apis/networking.istio.io/v1/namespaces/shop/virtualservices/web";

    public static void Apply(FakeKubeApi api, string version = "0.9.0")
    {
        api.Seed(Workload, Deployment(version));
        api.Seed(StableService, Service("web-stable", "web"));
        api.Seed(CanaryService, Service("web-canary", "web-canary"));
        api.Seed(HttpRoute, Route());
        api.Seed(VirtualService, VirtualServiceObject());
    }

    private static JsonObject Deployment(string version) => (JsonObject)JsonNode.Parse($$"""
        {
          "apiVersion": "apps/v1", "kind": "Deployment",
          "metadata": { "name": "web", "namespace": "shop", "uid": "0b3c", "labels": { "app": "web" } },
          "spec": {
            "replicas": 3,
            "selector": { "matchLabels": { "app": "web" } },
            "strategy": { "type": "RollingUpdate", "rollingUpdate": { "maxSurge": 1, "maxUnavailable": 0 } },
            "template": {
              "metadata": { "labels": { "app": "web", "tier": "frontend" } },
              "spec": { "containers": [ { "name": "web", "image": "{{Image}}:{{version}}", "ports": [ { "containerPort": 8080 } ] } ] }
            }
          },
          "status": { "observedGeneration": 1, "replicas": 3, "updatedReplicas": 3, "readyReplicas": 3, "availableReplicas": 3 }
        }
        """)!;

    private static JsonObject Service(string name, string app) => (JsonObject)JsonNode.Parse($$"""
        {
          "apiVersion": "v1", "kind": "Service",
          "metadata": { "name": "{{name}}", "namespace": "shop" },
          "spec": { "selector": { "app": "{{app}}" }, "ports": [ { "port": 80, "targetPort": 8080 } ] }
        }
        """)!;

    private static JsonObject Route() => (JsonObject)JsonNode.Parse("""
        {
          "apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute",
          "metadata": { "name": "web", "namespace": "shop" },
          "spec": {
            "parentRefs": [ { "name": "public" } ],
            "hostnames": [ "shop.example.com" ],
            "rules": [
              { "matches": [ { "path": { "type": "PathPrefix", "value": "/" } } ], "backendRefs": [ { "name": "web-stable", "port": 80 } ] },
              { "matches": [ { "path": { "type": "PathPrefix", "value": "/static" } } ], "backendRefs": [ { "name": "cdn-origin", "port": 80 } ] }
            ]
          }
        }
        """)!;

    private static JsonObject VirtualServiceObject() => (JsonObject)JsonNode.Parse("""
        {
          "apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
          "metadata": { "name": "web", "namespace": "shop" },
          "spec": {
            "hosts": [ "shop.example.com" ],
            "gateways": [ "public" ],
            "http": [ { "route": [ { "destination": { "host": "web-stable.shop.svc.cluster.local", "port": { "number": 80 } } } ] } ]
          }
        }
        """)!;
}

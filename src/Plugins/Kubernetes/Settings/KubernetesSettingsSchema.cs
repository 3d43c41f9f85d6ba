namespace PortalRelease.Plugins.Kubernetes.Settings;

/// <summary>The JSON Schema (draft 2020-12) of a Kubernetes target's settings; the portal builds the target form from it.</summary>
internal static class KubernetesSettingsSchema
{
    public const string Json = """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "https://portalrelease.dev/schemas/plugins/kubernetes/settings.json",
          "title": "Kubernetes target",
          "description": "A Deployment in a Kubernetes cluster. Connect with an inline kubeconfig, in-cluster credentials, or a server URL alone (e.g. kubectl proxy).",
          "type": "object",
          "additionalProperties": false,
          "required": ["workload", "image"],
          "properties": {
            "kubeconfig": {
              "title": "Kubeconfig",
              "description": "An inline kubeconfig (YAML) with the cluster, user and context; stored encrypted, never shown.",
              "type": "string",
              "minLength": 1,
              "contentMediaType": "application/yaml",
              "writeOnly": true,
              "x-portal-destination": true
            },
            "context": {
              "title": "Kubeconfig context",
              "description": "The context to use; the kubeconfig's current context when empty.",
              "type": "string",
              "minLength": 1
            },
            "inCluster": {
              "title": "In-cluster credentials",
              "description": "Use the portal pod's service account instead of a kubeconfig.",
              "type": "boolean",
              "default": false
            },
            "server": {
              "title": "API server URL",
              "description": "An http:// or https:// URL, e.g. https://k8s.example.com:6443. Overrides the kubeconfig's server; alone, an endpoint that needs no credentials such as kubectl proxy (http://127.0.0.1:8001).",
              "type": "string",
              "pattern": "^https?://",
              "x-portal-destination": true
            },
            "namespace": {
              "title": "Namespace",
              "type": "string",
              "pattern": "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$",
              "maxLength": 63,
              "default": "default"
            },
            "workload": {
              "title": "Deployment",
              "description": "The Deployment that runs the stable version.",
              "type": "string",
              "pattern": "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$",
              "maxLength": 57
            },
            "container": {
              "title": "Container",
              "description": "The container whose image is set; the pod's only container when empty.",
              "type": "string",
              "minLength": 1
            },
            "image": {
              "title": "Image repository",
              "description": "The image without a tag, e.g. registry.example.com/shop/web; the release's version becomes the tag.",
              "type": "string",
              "minLength": 1
            },
            "stableService": {
              "title": "Stable Service",
              "description": "The Service live traffic goes to; blue-green switches its selector.",
              "type": "string",
              "pattern": "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$",
              "maxLength": 63
            },
            "canaryService": {
              "title": "Canary Service",
              "description": "The Service the route sends the canary's share (or its mirrored copy) to; the driver points its selector at the canary pods.",
              "type": "string",
              "pattern": "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$",
              "maxLength": 63
            },
            "route": {
              "title": "Route",
              "description": "The HTTPRoute or VirtualService whose weights the driver sets.",
              "type": "string",
              "pattern": "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$",
              "maxLength": 253
            },
            "routing": {
              "title": "Routing",
              "description": "httproute: Gateway API HTTPRoute (gateway.networking.k8s.io/v1); virtualservice: Istio VirtualService (networking.istio.io/v1).",
              "type": "string",
              "enum": ["httproute", "virtualservice"],
              "default": "httproute"
            },
            "rolloutTimeoutSeconds": {
              "title": "Rollout timeout (s)",
              "description": "How long a rollout may take to become ready before the step fails.",
              "type": "integer",
              "minimum": 1,
              "maximum": 86400,
              "default": 600
            }
          }
        }
        """;
}

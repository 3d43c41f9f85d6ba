namespace PortalRelease.Plugins.Serverless.Settings;

/// <summary>
/// The JSON Schema (draft 2020-12) of an <c>aws-lambda</c> target's settings; the portal builds the target form from it.
/// The secret access key and the session token are <c>writeOnly</c>: the portal stores them encrypted and hands them to
/// the driver in <see cref="PortalRelease.Sdk.TargetContext.Secrets"/>, never with the settings.
/// </summary>
internal static class LambdaSettingsSchema
{
    public const string Json = """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "https://portalrelease.dev/schemas/plugins/serverless/aws-lambda.json",
          "title": "AWS Lambda function",
          "description": "A Lambda function whose alias the portal moves between published versions built from S3 objects.",
          "type": "object",
          "additionalProperties": false,
          "required": ["region", "functionName", "alias", "codeBucket", "codeKeyTemplate", "accessKeyId", "secretAccessKey"],
          "properties": {
            "region": {
              "title": "Region",
              "description": "The AWS region of the function, e.g. eu-west-1.",
              "type": "string",
              "pattern": "^[a-z]{2}(-[a-z]+)+-[0-9]+$",
              "x-portal-destination": true
            },
            "functionName": {
              "title": "Function",
              "description": "The function's name or ARN, e.g. checkout-api.",
              "type": "string",
              "minLength": 1,
              "maxLength": 140,
              "pattern": "^(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-[0-9]{1}:)?([0-9]{12}:)?(function:)?([a-zA-Z0-9_-]+)$"
            },
            "alias": {
              "title": "Alias",
              "description": "The alias callers invoke; the portal shifts its traffic between versions, e.g. live.",
              "type": "string",
              "minLength": 1,
              "maxLength": 128,
              "pattern": "^(?![0-9]+$)[a-zA-Z0-9_-]+$"
            },
            "codeBucket": {
              "title": "Code bucket",
              "description": "The S3 bucket holding the deployment packages, in the function's region.",
              "type": "string",
              "minLength": 3,
              "maxLength": 63,
              "pattern": "^[0-9A-Za-z.\\-_]*[0-9A-Za-z\\-_]$"
            },
            "codeKeyTemplate": {
              "title": "Code key template",
              "description": "The S3 key of a version's package; {version} is replaced by the release version, e.g. builds/checkout/{version}.zip.",
              "type": "string",
              "minLength": 1,
              "maxLength": 1024,
              "pattern": "\\{version\\}"
            },
            "accessKeyId": {
              "title": "Access key ID",
              "description": "The IAM access key the portal signs requests with.",
              "type": "string",
              "minLength": 16,
              "maxLength": 128,
              "pattern": "^[A-Z0-9]+$"
            },
            "secretAccessKey": {
              "title": "Secret access key",
              "description": "The access key's secret; stored encrypted, never shown.",
              "type": "string",
              "minLength": 1,
              "writeOnly": true
            },
            "sessionToken": {
              "title": "Session token",
              "description": "For temporary (STS) credentials only; stored encrypted, never shown.",
              "type": "string",
              "minLength": 1,
              "writeOnly": true
            },
            "endpoint": {
              "title": "Endpoint override",
              "description": "Another Lambda API endpoint, an http:// or https:// URL such as http://localhost:4566 for LocalStack; empty for AWS's regional endpoint.",
              "type": "string",
              "pattern": "^https?://",
              "x-portal-destination": true
            },
            "updateTimeoutSeconds": {
              "title": "Update timeout (s)",
              "description": "How long to wait for a code update to finish before failing the step.",
              "type": "number",
              "exclusiveMinimum": 0,
              "maximum": 3600,
              "default": 300
            }
          }
        }
        """;
}

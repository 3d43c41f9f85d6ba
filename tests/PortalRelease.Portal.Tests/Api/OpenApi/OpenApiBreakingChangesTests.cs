using System.Text.Json.Nodes;

namespace PortalRelease.Portal.Tests.Api.OpenApi;

/// <summary>The breaking-change check on small documents: each kind of change it must flag, and the additions it must not.</summary>
public sealed class OpenApiBreakingChangesTests
{
    /// <summary>POST /api/things takes a Thing and answers a Thing; GET /api/things/{id} answers one, by an optional query flag.</summary>
    private const string Shipped = """
        {
          "paths": {
            "/api/things": {
              "post": {
                "requestBody": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/NewThing" } } } },
                "responses": { "201": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Thing" } } } } }
              }
            },
            "/api/things/{id}": {
              "get": {
                "parameters": [
                  { "name": "id", "in": "path", "required": true, "schema": { "type": "string" } },
                  { "name": "full", "in": "query", "schema": { "type": "boolean" } }
                ],
                "responses": { "200": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Thing" } } } } }
              }
            }
          },
          "components": {
            "schemas": {
              "NewThing": {
                "type": "object", "required": ["name"],
                "properties": { "name": { "type": "string" }, "size": { "type": "integer", "format": "int32" }, "kind": { "enum": ["a", "b"] } }
              },
              "Thing": {
                "type": "object", "required": ["id", "name"],
                "properties": { "id": { "type": "string" }, "name": { "type": "string" }, "tags": { "type": "array", "items": { "type": "string" } },
                                "parent": { "$ref": "#/components/schemas/Thing" } }
              }
            }
          }
        }
        """;

    private static IReadOnlyList<string> Changed(Action<JsonNode> change)
    {
        var current = JsonNode.Parse(Shipped)!;
        change(current);
        return OpenApiBreakingChanges.Find(JsonNode.Parse(Shipped)!, current);
    }

    private static JsonObject Schema(JsonNode document, string name) => document["components"]!["schemas"]![name]!.AsObject();

    [Fact]
    public void Same_BreaksNothing() => Assert.Empty(Changed(_ => { }));

    [Fact]
    public void Additions_BreakNothing()
    {
        var found = Changed(d =>
        {
            d["paths"]!.AsObject()["/api/other"] = JsonNode.Parse("""{ "get": { "responses": { "200": {} } } }""");
            Schema(d, "Thing")["properties"]!.AsObject()["colour"] = JsonNode.Parse("""{ "type": "string" }""");
            Schema(d, "NewThing")["properties"]!.AsObject()["colour"] = JsonNode.Parse("""{ "type": "string" }""");
            Schema(d, "NewThing")["properties"]!["kind"]!["enum"]!.AsArray().Add("c");
            Schema(d, "NewThing")["properties"]!["size"]!["type"] = JsonNode.Parse("""["integer", "null"]""");
            d["paths"]!["/api/things/{id}"]!["get"]!["parameters"]!.AsArray().Add(JsonNode.Parse("""{ "name": "q", "in": "query", "schema": { "type": "string" } }"""));
            d["paths"]!["/api/things/{id}"]!["get"]!["responses"]!.AsObject()["404"] = new JsonObject();
        });

        Assert.Empty(found);
    }

    [Fact]
    public void RemovedPathAndOperation_AreBreaking()
    {
        Assert.Equal(["removed path /api/things/{id}"], Changed(d => d["paths"]!.AsObject().Remove("/api/things/{id}")));
        Assert.Equal(["removed operation POST /api/things"], Changed(d => d["paths"]!["/api/things"]!.AsObject().Remove("post")));
    }

    [Fact]
    public void RemovedFields_AreBreakingInRequestsAndResponses()
    {
        Assert.Equal(
            ["Thing in responses: removed field 'tags'"],
            Changed(d => Schema(d, "Thing")["properties"]!.AsObject().Remove("tags")));
        Assert.Equal(["NewThing in requests: removed field 'size'"], Changed(d => Schema(d, "NewThing")["properties"]!.AsObject().Remove("size")));
    }

    [Fact]
    public void NewlyRequired_IsBreakingForRequests_AndNoLongerRequiredForResponses()
    {
        Assert.Equal(["NewThing in requests: the field 'size' is newly required"], Changed(d => Schema(d, "NewThing")["required"]!.AsArray().Add("size")));
        Assert.Equal(
            ["Thing in responses: the field 'name' may now be absent"],
            Changed(d => Schema(d, "Thing")["required"] = new JsonArray("id")));
        Assert.Equal(["GET /api/things/{id}: the query parameter 'full' is newly required"], Changed(d => d["paths"]!["/api/things/{id}"]!["get"]!["parameters"]![1]!["required"] = true));
        Assert.Equal(
            ["GET /api/things/{id}: added the required header parameter 'X-Tenant'"],
            Changed(d => d["paths"]!["/api/things/{id}"]!["get"]!["parameters"]!.AsArray().Add(JsonNode.Parse("""{ "name": "X-Tenant", "in": "header", "required": true }"""))));
    }

    [Fact]
    public void ChangedTypes_AreBreaking_IncludingNullInAResponse()
    {
        Assert.Equal(
            ["NewThing in requests.size: the type changed from integer to string"],
            Changed(d => Schema(d, "NewThing")["properties"]!["size"]!["type"] = "string"));
        Assert.Equal(
            ["Thing in responses.tags[]: the type changed from string to integer"],
            Changed(d => Schema(d, "Thing")["properties"]!["tags"]!["items"]!["type"] = "integer"));
        Assert.Equal(
            ["Thing in responses.id: the type changed from string to null|string"],
            Changed(d => Schema(d, "Thing")["properties"]!["id"]!["type"] = new JsonArray("string", "null")));
        Assert.Equal(
            ["NewThing in requests.size: the format changed from int32 to int64"],
            Changed(d => Schema(d, "NewThing")["properties"]!["size"]!["format"] = "int64"));
    }

    [Fact]
    public void RemovedEnumValueOfARequest_AndRemovedSuccessResponse_AreBreaking()
    {
        Assert.Equal(["NewThing in requests.kind: the value \"b\" is no longer accepted"], Changed(d => Schema(d, "NewThing")["properties"]!["kind"]!["enum"] = new JsonArray("a")));
        Assert.Equal(
            ["POST /api/things: the 201 response was removed"],
            Changed(d => d["paths"]!["/api/things"]!["post"]!["responses"] = JsonNode.Parse("""{ "200": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Thing" } } } } }""")));
    }

    [Fact]
    public void ANamedRecursiveSchema_IsComparedOnce()
    {
        // Thing.parent is a Thing: the walk ends, and the change is said once, by the schema's name, for every operation using it.
        var found = Changed(d => Schema(d, "Thing")["properties"]!.AsObject().Remove("name"));

        Assert.Equal(["Thing in responses: removed field 'name'"], found);
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using PortalRelease.Contracts;
using Xunit;

namespace PortalRelease.Testing;

/// <summary>
/// The contracts describe what the API serves: the served JSON read through a contract type (refusing any field the
/// type lacks) and written back equals what was served, nulls aside (the contracts leave them out).
/// </summary>
public static class ContractAssert
{
    private static readonly JsonSerializerOptions Strict = new(ContractJson.Options) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };

    /// <summary>Reads <paramref name="served"/> strictly as <typeparamref name="T"/>, checks it writes back the same, and returns it.</summary>
    public static T RoundTrips<T>(string served)
    {
        var dto = JsonSerializer.Deserialize<T>(served, Strict)!;
        var written = JsonSerializer.SerializeToNode(dto, ContractJson.Options)!;
        var expected = WithoutNulls(JsonNode.Parse(served)!);
        Assert.True(JsonNode.DeepEquals(expected, WithoutNulls(written)), $"{typeof(T).Name} does not round-trip.\nserved:  {expected.ToJsonString()}\nwritten: {written.ToJsonString()}");
        return dto;
    }

    /// <summary>GETs <paramref name="path"/> with <paramref name="http"/> and checks its JSON round-trips through <typeparamref name="T"/>.</summary>
    public static async Task<T> RoundTripsAsync<T>(HttpClient http, string path) => RoundTrips<T>(await http.GetStringAsync(path));

    private static JsonNode WithoutNulls(JsonNode node)
    {
        if (node is JsonObject obj)
        {
            foreach (var (name, value) in obj.ToList())
            {
                if (value is null)
                {
                    obj.Remove(name);
                }
                else
                {
                    WithoutNulls(value);
                }
            }
        }
        else if (node is JsonArray array)
        {
            foreach (var item in array)
            {
                if (item is not null)
                {
                    WithoutNulls(item);
                }
            }
        }
        return node;
    }
}

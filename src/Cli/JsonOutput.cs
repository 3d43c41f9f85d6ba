using System.Text.Json;
using PortalRelease.Contracts;

namespace PortalRelease.Cli;

/// <summary><c>--output json</c>: the API's own JSON conventions, one document (or one event per line).</summary>
public static class JsonOutput
{
    private static readonly JsonSerializerOptions Indented = new(ContractJson.Options) { WriteIndented = true };

    public static void Document<T>(CliConsole console, T value) => console.Output.WriteLine(JsonSerializer.Serialize(value, Indented));

    public static void Line<T>(CliConsole console, T value) => console.Output.WriteLine(JsonSerializer.Serialize(value, ContractJson.Options));
}

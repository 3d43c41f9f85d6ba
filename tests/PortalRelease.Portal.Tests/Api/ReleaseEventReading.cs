using System.Text.Json;
using PortalRelease.Contracts;

namespace PortalRelease.Portal.Tests;

/// <summary>What the tests read from a journal event's data most often.</summary>
internal static class ReleaseEventReading
{
    extension(ReleaseEvent e)
    {
        /// <summary>The step index of a step's event.</summary>
        public int Index => e.Data.GetProperty("index").GetInt32();

        /// <summary>The idempotency key of an action's event.</summary>
        public string Key => e.Data.GetProperty("key").GetString()!;

        /// <summary>A string property of the event's data, or null when it is absent or not a string.</summary>
        public string? Str(string property) =>
            e.Data.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        /// <summary>The event in one line, for a failure message.</summary>
        public string Describe() => $"#{e.Seq} {e.Type} {e.Data.GetRawText()}";
    }
}

using System.Collections;
using System.Reflection;
using System.Text.Json;
using PortalRelease.Portal.Components.Model;
using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Portal.Tests.PortalComponents;

/// <summary>
/// Every journal event type reads as a sentence on the flight recorder. The event types are found by reflection, so a
/// payload record added to the journal without a description here (or without a place in <see cref="EventPayloads.All"/>)
/// fails these tests instead of showing its fields as a bare dump.
/// </summary>
public sealed class TimelineTextTests
{
    private static readonly Type[] Envelopes = [typeof(JournalEvent), typeof(EventDraft)];
    private static readonly string[] LaneTargets = ["a", "b"];

    /// <summary>Records of the journal's namespace that are events, not parts of one or its envelope.</summary>
    private static List<Type> PayloadRecords()
    {
        var records = typeof(JournalEvent).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(JournalEvent).Namespace && t.IsClass && t.IsSealed && t.GetProperty("EqualityContract", BindingFlags.NonPublic | BindingFlags.Instance) is not null)
            .Except(Envelopes)
            .ToList();
        // A record only ever found inside another payload (an alert inside an incident, a cohort inside a sample) is a part.
        var parts = records.SelectMany(r => r.GetProperties()).SelectMany(p => Unwrap(p.PropertyType)).Where(records.Contains).ToHashSet();
        return [.. records.Where(r => !parts.Contains(r) || EventPayloads.All.Contains(r))];
    }

    private static IEnumerable<Type> Unwrap(Type type) => type.IsGenericType ? type.GetGenericArguments().SelectMany(Unwrap).Prepend(type) : [type];

    public static TheoryData<string> EventTypes()
    {
        var data = new TheoryData<string>();
        foreach (var type in EventPayloads.All.Union(PayloadRecords()))
        {
            data.Add(type.Name);
        }
        return data;
    }

    [Fact]
    public void EventPayloadsAll_ListsEveryPayloadRecordOfTheJournal()
    {
        var missing = PayloadRecords().Except(EventPayloads.All).Select(t => t.Name).ToList();
        Assert.True(missing.Count == 0, $"Journal payload records missing from EventPayloads.All: {string.Join(", ", missing)}");
        Assert.Contains(typeof(TargetsLocked), PayloadRecords());
        Assert.DoesNotContain(typeof(CohortSample), PayloadRecords());
    }

    [Theory]
    [MemberData(nameof(EventTypes))]
    public void Describe_EveryEventType_IsASentenceInWordsNotItsFields(string typeName)
    {
        var type = typeof(JournalEvent).Assembly.GetTypes().Single(t => t.Namespace == typeof(JournalEvent).Namespace && t.Name == typeName);
        var text = new TimelineText();
        var e = new JournalEvent("r1", 7, DateTimeOffset.Parse("2026-11-26T14:05:00Z"), typeName, "alice", JsonSerializer.SerializeToElement(Sample(type), type, JournalJson.Options));

        var entry = text.Describe(e);

        var fallback = TimelineText.Fallback(e);
        Assert.True(entry.Text != fallback.Text, $"{typeName} has no description in TimelineText: it shows as '{fallback.Text}' with its fields '{fallback.Detail}'.");
        Assert.DoesNotContain("{", entry.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"", entry.Detail ?? "", StringComparison.Ordinal);
        Assert.Contains(' ', entry.Text);
    }

    [Fact]
    public void Describe_TargetsLockedAndQueued_NameTheTargetsAndTheReleaseAhead()
    {
        var text = new TimelineText();
        var locked = text.Describe(Event(new TargetsLocked(["k8s-eu", "k8s-us"])));
        var queued = text.Describe(Event(new Queued("rel-ahead", "k8s-eu", ["k8s-eu", "k8s-us"])));

        Assert.Equal("Locked 2 targets: no other release deploys to them until this one settles", locked.Text);
        Assert.Equal("k8s-eu, k8s-us", locked.Detail);
        Assert.Equal("Queued behind rel-ahead on k8s-eu: it starts when that release settles", queued.Text);
    }

    [Fact]
    public void Fallback_UnknownEventType_ReadsItsTypeAndFieldsAsWords()
    {
        var e = new JournalEvent("r1", 3, DateTimeOffset.UnixEpoch, "LaneStarted", null,
            JsonSerializer.SerializeToElement(new { lane = "api", targets = LaneTargets, ready = true, note = (string?)null }, JournalJson.Options));

        var entry = new TimelineText().Describe(e);

        Assert.Equal("Lane started", entry.Text);
        Assert.Equal("lane: api; targets: a, b; ready: yes", entry.Detail);
    }

    private static JournalEvent Event<T>(T payload) where T : notnull =>
        new("r1", 1, DateTimeOffset.UnixEpoch, typeof(T).Name, "engine", JsonSerializer.SerializeToElement(payload, JournalJson.Options));

    /// <summary>An instance of <paramref name="type"/> with every field filled, built through its widest constructor.</summary>
    private static object? Sample(Type type)
    {
        if (Nullable.GetUnderlyingType(type) is { } inner)
        {
            return Sample(inner);
        }
        if (type == typeof(string) || type == typeof(object))
        {
            return "alpha";
        }
        if (type.IsEnum)
        {
            return Enum.GetValues(type).GetValue(0);
        }
        if (type == typeof(int) || type == typeof(long) || type == typeof(double))
        {
            return Convert.ChangeType(2, type, System.Globalization.CultureInfo.InvariantCulture);
        }
        if (type == typeof(bool))
        {
            return true;
        }
        if (type == typeof(DateTimeOffset))
        {
            return DateTimeOffset.Parse("2026-11-26T14:00:00Z");
        }
        if (type == typeof(TimeSpan))
        {
            return TimeSpan.FromMinutes(5);
        }
        if (type.IsGenericType && type.GetGenericTypeDefinition() is var definition
            && (definition == typeof(IReadOnlyDictionary<,>) || definition == typeof(IDictionary<,>) || definition == typeof(Dictionary<,>)))
        {
            var args = type.GetGenericArguments();
            var dictionary = (IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(args))!;
            dictionary.Add(Sample(args[0])!, Sample(args[1]));
            return dictionary;
        }
        if (type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type))
        {
            var element = type.GetGenericArguments()[0];
            var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element))!;
            list.Add(Sample(element));
            return list;
        }
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        return constructor.Invoke([.. constructor.GetParameters().Select(p => Sample(p.ParameterType))]);
    }
}

using System.Text.Json;
using PortalRelease.Portal.Templates;
using PortalRelease.Portal.Tests.Api;

using PortalRelease.Contracts;

namespace PortalRelease.Portal.Tests.Trains;

/// <summary>Reads a train's journal by component: which step belongs to which component, and when each started and completed.</summary>
internal sealed class TrainJournal
{
    private readonly ReleasePlan _plan;

    public TrainJournal(string yaml)
    {
        var parsed = new TemplateParser().Parse(yaml);
        Assert.Empty(parsed.Errors);
        var compiled = new TemplateCompiler().Compile(parsed.Template!, new Dictionary<string, JsonElement>());
        Assert.Empty(compiled.Errors);
        _plan = compiled.Plan!;
    }

    public IReadOnlyList<int> StepsOf(string component) => _plan.StepsOf(component).Select(s => s.Index).ToList();

    public string ComponentOf(int index) => _plan.Steps().First(s => s.Index == index).Stage.Component!;

    /// <summary>The sequence number of the first StepStarted of <paramref name="component"/>, or null.</summary>
    public long? FirstStarted(IReadOnlyList<ReleaseEvent> events, string component) =>
        events.FirstOrDefault(e => e.Type == "StepStarted" && ComponentOf(e.Index) == component)?.Seq;

    /// <summary>The sequence number of the StepCompleted of <paramref name="component"/>'s last step, or null.</summary>
    public long? LastCompleted(IReadOnlyList<ReleaseEvent> events, string component) =>
        events.FirstOrDefault(e => e.Type == "StepCompleted" && e.Index == StepsOf(component)[^1])?.Seq;

    public bool HasStarted(IReadOnlyList<ReleaseEvent> events, string component) => FirstStarted(events, component) is not null;

    /// <summary>Within each component, steps started and completed at most once and in order, each completion after its start.</summary>
    public void AssertLanesRanAtMostOnceInOrder(IReadOnlyList<ReleaseEvent> events)
    {
        foreach (var component in _plan.Components())
        {
            var steps = StepsOf(component).ToHashSet();
            var started = events.Where(e => e.Type == "StepStarted" && steps.Contains(e.Index)).Select(e => e.Index).ToList();
            var completed = events.Where(e => e.Type == "StepCompleted" && steps.Contains(e.Index)).Select(e => e.Index).ToList();
            Assert.Equal(started.Distinct(), started);
            Assert.Equal(completed.Distinct(), completed);
            Assert.Equal(started.Order(), started);
            Assert.Equal(completed.Order(), completed);
            foreach (var done in events.Where(e => e.Type == "StepCompleted" && steps.Contains(e.Index)))
            {
                Assert.Contains(events, e => e.Type == "StepStarted" && e.Index == done.Index && e.Seq < done.Seq);
            }
            // A component starts only once everything it depends on completed.
            if (FirstStarted(events, component) is { } first)
            {
                foreach (var dependency in _plan.DependenciesOf(component))
                {
                    Assert.True(LastCompleted(events, dependency) < first, $"{component} started (#{first}) before {dependency} completed.");
                }
            }
        }
    }
}

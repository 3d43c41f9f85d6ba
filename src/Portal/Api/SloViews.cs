using PortalRelease.Contracts;
using PortalRelease.Portal.Slos;

namespace PortalRelease.Portal.Api;

/// <summary>SLO reports as the API serves them.</summary>
internal static class SloViews
{
    public static ServiceSloView ToView(this ServiceSloReport r) => new(r.Service, r.Targets, r.Slos.Select(ToView).ToList())
    {
        BudgetRemaining = r.BudgetRemaining,
        State = r.State,
        Frozen = r.Frozen,
        MeasuredAt = r.MeasuredAt,
    };

    public static ServiceSloDetailView ToView(this ServiceSloDetail d) => new(
        d.Service.ToView(),
        d.History.Select(h => new SloHistoryView(h.Name, h.Points.Select(p => new SloPointView(p.At, p.Sli, p.Burn, p.BudgetRemaining)).ToList())).ToList(),
        d.Deployments.Select(m => new DeploymentMarkerView(m.At, m.ReleaseId, m.Version, m.Event)).ToList());

    private static SloView ToView(SloReport s) => new(
        s.Name, s.Objective, s.Window, s.Good, s.Total, s.Provider,
        new BurnRatePolicyView(s.Policy.ShortWindow, s.Policy.LongWindow, s.Policy.PauseAbove, s.Policy.PauseAboveLong),
        s.Sli, s.ShortBurn, s.LongBurn, s.BudgetRemaining, s.State, s.Error, s.MeasuredAt);
}

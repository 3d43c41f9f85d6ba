namespace PortalRelease.Bench;

public static class BenchArgs
{
    public static string? Value(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    public static int Int(string[] args, string name, int fallback) =>
        int.TryParse(Value(args, name), out var value) && value > 0 ? value : fallback;
}

public interface IBenchScenario
{
    /// <summary>Runs the scenario and returns its one-line JSON result.</summary>
    Task<string> RunAsync(string[] args);
}

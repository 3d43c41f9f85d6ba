namespace PortalRelease.Portal.Templates;

/// <summary>
/// The outcome of <see cref="TemplateCompiler.Compile"/>. <see cref="Plan"/> is null when there are errors;
/// <see cref="Parameters"/> holds every parameter value that could be resolved (typed, defaults filled) either way.
/// </summary>
public sealed record CompileResult(
    ReleasePlan? Plan,
    IReadOnlyDictionary<string, object?> Parameters,
    IReadOnlyList<ParameterError> Errors)
{
    public bool Succeeded => Plan is not null;
}

/// <summary>
/// A problem with a parameter value, or with a step or target that a parameter value made invalid.
/// <paramref name="Parameter"/> names the parameter; it is empty when no parameter is involved
/// (e.g. a fixed target name that no longer exists).
/// </summary>
public sealed record ParameterError(string Parameter, string Message)
{
    public override string ToString() => Parameter.Length == 0 ? Message : $"{Parameter}: {Message}";
}

using System.Globalization;
using System.Text.Json;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Components.Model;

/// <summary>
/// One generated wizard field for a template parameter: holds the value in the shape its input needs, checks what
/// is obvious in the browser and turns the value into the JSON the release service reads.
/// </summary>
public sealed class ParameterField
{
    public ParameterField(TemplateParameter parameter)
    {
        Parameter = parameter;
        switch (parameter.Default)
        {
            case long whole:
                Number = whole;
                break;
            case double number:
                Number = number;
                break;
            case bool flag:
                Flag = flag;
                break;
            case null:
                break;
            default:
                Text = ParameterValues.Format(parameter.Default);
                break;
        }
    }

    public TemplateParameter Parameter { get; }

    public string Name => Parameter.Name;

    public ParameterType Type => Parameter.Type;

    public string? Text { get; set; }

    public double? Number { get; set; }

    public bool Flag { get; set; }

    /// <summary>The message shown under the field: the browser's check, or the server's.</summary>
    public string? Error { get; set; }

    public string? Hint
    {
        get
        {
            var range = (Parameter.Min, Parameter.Max) switch
            {
                ({ } min, { } max) => $"from {Show(min)} to {Show(max)}",
                ({ } min, null) => $"at least {Show(min)}",
                (null, { } max) => $"at most {Show(max)}",
                _ => null,
            };
            var hint = Type switch
            {
                ParameterType.Duration => "e.g. 30s, 5m or 1h30m",
                ParameterType.Int => range is null ? "a whole number" : $"a whole number {range}",
                ParameterType.Number => range,
                _ => null,
            };
            return string.Join(" — ", new[] { Parameter.Description, hint }.Where(s => !string.IsNullOrEmpty(s)));
        }
    }

    /// <summary>Checks what needs no server: required, whole, in range, a duration. Sets <see cref="Error"/>.</summary>
    public bool Check()
    {
        Error = Type switch
        {
            ParameterType.Bool => null,
            ParameterType.Int or ParameterType.Number => CheckNumber(),
            ParameterType.Duration when string.IsNullOrWhiteSpace(Text) => RequiredMessage(),
            ParameterType.Duration when !Durations.TryParse(Text, out _) => $"'{Text}' is not a duration: write e.g. 500ms, 30s, 5m or 1h30m.",
            _ when string.IsNullOrWhiteSpace(Text) => RequiredMessage(),
            _ => null,
        };
        return Error is null;
    }

    /// <summary>The value to send, or null to leave the parameter out (the template's default then applies).</summary>
    public JsonElement? ToJson() => Type switch
    {
        ParameterType.Bool => JsonSerializer.SerializeToElement(Flag),
        ParameterType.Int when Number is { } n && n == Math.Floor(n) => JsonSerializer.SerializeToElement((long)n),
        ParameterType.Int or ParameterType.Number => Number is { } n ? JsonSerializer.SerializeToElement(n) : null,
        _ => string.IsNullOrWhiteSpace(Text) ? null : JsonSerializer.SerializeToElement(Text.Trim()),
    };

    private string? CheckNumber()
    {
        if (Number is not { } n)
        {
            return RequiredMessage();
        }
        if (Type == ParameterType.Int && n != Math.Floor(n))
        {
            return $"{Show(n)} is not a whole number.";
        }
        if (Parameter.Min is { } min && n < min)
        {
            return $"{Show(n)} is below the minimum {Show(min)}.";
        }
        return Parameter.Max is { } max && n > max ? $"{Show(n)} is above the maximum {Show(max)}." : null;
    }

    // An optional parameter left empty takes the template's default on the server; a required one cannot.
    private string? RequiredMessage() => Parameter.Required ? $"{Name} is required." : null;

    private static string Show(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}

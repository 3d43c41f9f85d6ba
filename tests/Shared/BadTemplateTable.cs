namespace PortalRelease.Testing;

/// <summary>One broken template and the single error it must report: where, about which value, saying what.</summary>
public sealed record BadTemplate(string Name, string Yaml, int Line, int Column, string Path, string Fragment)
{
    public object[] ToRow() => [Name, Yaml, Line, Column, Path, Fragment];

    public override string ToString() => Name;
}

/// <summary>
/// A table of broken templates, each with exactly one error at a known line and column. One source, linked into the
/// portal's tests (the reader reports each where it is) and the CLI's (<c>portal template lint</c> reports the same
/// line and column as <c>POST /api/templates</c>).
/// </summary>
public static class BadTemplateTable
{
    /// <summary>Lines 1–15; steps written after it start on line 16, and "      - setWeight: 10" has its value at column 20.</summary>
    private const string Header = """
        name: t
        parameters:
          - name: w
            type: int
            default: 10
          - name: flag
            type: bool
            default: true
          - name: bake
            type: duration
            default: 1s
        stages:
          - name: production
            targets: [sandbox-eu]
            steps:

        """;

    /// <summary>A valid template whose parameter list starts on line 3 (items at column 5).</summary>
    private static string WithParameter(string parameter) => "name: t\nparameters:\n" + parameter + """
        stages:
          - name: production
            targets: [sandbox-eu]
            steps:
              - setWeight: 10

        """;

    private static string WithAnalysis(string fields) => Header + "      - analysis:\n" + fields;

    /// <summary>Every row: a name, the YAML, and the one error expected (line, column, path, a fragment of the message).</summary>
    public static IEnumerable<BadTemplate> All()
    {
        // The document.
        yield return Case("empty text", "", 1, 1, "", "the template is empty");
        yield return Case("only a comment", "# nothing yet\n", 1, 1, "", "the template is empty");
        yield return Case("syntax error", "name: t\nstages:\n  - name: a\n   targets: [x]\n", 4, 4, "", "invalid YAML");
        yield return Case("unclosed flow list at the end", "name: t\nstages: [a, b\n", 3, 1, "", "did not find expected ',' or ']'");
        yield return Case("unclosed flow list before more keys", "name: t\nstages: [a, b\nrollback: {}\n", 2, 11, "", "unclosed '['");
        yield return Case("duplicate key", "name: t\nname: u\n", 2, 1, "", "Duplicate key");
        yield return Case("two documents", Header + "      - setWeight: 10\n---\nname: u\n", 18, 1, "", "single YAML document");
        yield return Case("root is a list", "- name: t\n", 1, 1, "", "expected the template");
        yield return Case("unknown top-level key", Header.Replace("name: t\n", "name: t\nowner: me\n", StringComparison.Ordinal) + "      - setWeight: 10\n", 2, 1, "owner", "unknown key 'owner'");
        yield return Case("key in wrong case", Header + "      - setWeight: 10\nRollback: {}\n", 17, 1, "Rollback", "did you mean 'rollback'");

        // The name.
        yield return Case("missing name", "stages:\n  - name: a\n    targets: [x]\n    steps:\n      - setWeight: 1\n", 1, 1, "name", "missing required key 'name'");
        yield return Case("name with capitals", Header.Replace("name: t\n", "name: Web_Canary\n", StringComparison.Ordinal) + "      - setWeight: 10\n", 1, 7, "name", "lower-case letters, digits or dashes");
        yield return Case("name too long", Header.Replace("name: t\n", $"name: {new string('a', 64)}\n", StringComparison.Ordinal) + "      - setWeight: 10\n", 1, 7, "name", "1 to 63");

        // Stages and targets.
        yield return Case("missing stages", "name: t\n", 1, 1, "stages", "missing required key 'stages'");
        yield return Case("no stages", "name: t\nstages: []\n", 2, 9, "stages", "at least one stage");
        yield return Case("stage without targets", "name: t\nstages:\n  - name: a\n    steps:\n      - setWeight: 1\n", 3, 5, "stages[0].targets", "missing required key 'targets'");
        yield return Case("empty targets", "name: t\nstages:\n  - name: a\n    targets: []\n    steps:\n      - setWeight: 1\n", 4, 14, "stages[0].targets", "at least one target");
        yield return Case("targets not a list", "name: t\nstages:\n  - name: a\n    targets: sandbox-eu\n    steps:\n      - setWeight: 1\n", 4, 14, "stages[0].targets", "expected a list of target names");
        yield return Case("duplicate target", "name: t\nstages:\n  - name: a\n    targets: [x, x]\n    steps:\n      - setWeight: 1\n", 4, 18, "stages[0].targets[1]", "duplicate target 'x'");
        yield return Case("duplicate stage name", Header + "      - setWeight: 10\n  - name: production\n    targets: [x]\n    steps:\n      - setWeight: 1\n", 17, 11, "stages[1].name", "duplicate stage name 'production'");
        yield return Case("no steps", "name: t\nstages:\n  - name: a\n    targets: [x]\n    steps: []\n", 5, 12, "stages[0].steps", "at least one step");

        // Steps.
        yield return Case("unknown step kind", Header + "      - rollout: 10\n", 16, 9, "stages[0].steps[0].rollout", "unknown step kind 'rollout'");
        yield return Case("step kind in wrong case", Header + "      - setweight: 10\n", 16, 9, "stages[0].steps[0].setweight", "did you mean 'setWeight'");
        yield return Case("step with two keys", Header + "      - setWeight: 10\n        pause: {}\n", 17, 9, "stages[0].steps[0]", "exactly one key");
        yield return Case("step as plain text", Header + "      - wait\n", 16, 9, "stages[0].steps[0]", "expected a step such as");
        yield return Case("promote written by hand", Header + "      - promote: {}\n", 16, 9, "stages[0].steps[0].promote", "every stage ends with a promote step");
        yield return Case("weight above 100", Header + "      - setWeight: 150\n", 16, 20, "stages[0].steps[0].setWeight", "between 0 and 100, found 150");
        yield return Case("weight not a number", Header + "      - setWeight: half\n", 16, 20, "stages[0].steps[0].setWeight", "expected a whole number");
        yield return Case("weight missing", Header + "      - setWeight:\n", 16, 19, "stages[0].steps[0].setWeight", "a value is required");
        yield return Case("pause as text", Header + "      - pause: 30s\n", 16, 16, "stages[0].steps[0].pause", "'{ duration: 30s }'");
        yield return Case("pause without unit", Header + "      - pause: { duration: 30 }\n", 16, 28, "stages[0].steps[0].pause.duration", "expected a duration like 500ms");
        yield return Case("pause unknown key", Header + "      - pause: { for: 30s }\n", 16, 18, "stages[0].steps[0].pause.for", "unknown key 'for'; expected one of: duration");

        // Analysis.
        yield return Case("analysis without interval", WithAnalysis("          metric: error-rate\n          max: 0.1\n          count: 3\n"), 17, 11, "stages[0].steps[0].analysis.interval", "missing required key 'interval'");
        yield return Case("analysis bad interval", WithAnalysis("          metric: error-rate\n          max: 0.1\n          interval: 2 seconds\n          count: 3\n"), 19, 21, "stages[0].steps[0].analysis.interval", "expected a duration like");
        yield return Case("analysis zero interval", WithAnalysis("          metric: error-rate\n          max: 0.1\n          interval: 0s\n          count: 3\n"), 19, 21, "stages[0].steps[0].analysis.interval", "longer than 0");
        yield return Case("analysis zero count", WithAnalysis("          metric: error-rate\n          max: 0.1\n          interval: 1s\n          count: 0\n"), 20, 18, "stages[0].steps[0].analysis.count", "at least 1");
        yield return Case("analysis negative failure limit", WithAnalysis("          metric: error-rate\n          max: 0.1\n          interval: 1s\n          count: 3\n          failureLimit: -1\n"), 21, 25, "stages[0].steps[0].analysis.failureLimit", "at least 0");
        yield return Case("analysis fractional sample size", WithAnalysis("          metric: error-rate\n          max: 0.1\n          interval: 1s\n          count: 3\n          minSampleSize: 2.5\n"), 21, 26, "stages[0].steps[0].analysis.minSampleSize", "whole number");
        yield return Case("analysis without bounds", WithAnalysis("          metric: error-rate\n          interval: 1s\n          count: 3\n"), 17, 11, "stages[0].steps[0].analysis.max", "'max', 'min' or both");
        yield return Case("analysis min above max", WithAnalysis("          metric: error-rate\n          max: 0.1\n          min: 0.5\n          interval: 1s\n          count: 3\n"), 19, 16, "stages[0].steps[0].analysis.min", "min (0.5) is above max (0.1)");
        yield return Case("analysis max not a number", WithAnalysis("          metric: error-rate\n          max: low\n          interval: 1s\n          count: 3\n"), 18, 16, "stages[0].steps[0].analysis.max", "expected a number, found 'low'");
        yield return Case("analysis unknown key", WithAnalysis("          metric: error-rate\n          max: 0.1\n          interval: 1s\n          count: 3\n          threshold: 2\n"), 21, 11, "stages[0].steps[0].analysis.threshold", "unknown key 'threshold'");
        yield return Case("analysis without metric", WithAnalysis("          max: 0.1\n          interval: 1s\n          count: 3\n"), 17, 11, "stages[0].steps[0].analysis.metric", "missing required key 'metric'");
        yield return Case("analysis empty", Header + "      - analysis:\n", 16, 18, "stages[0].steps[0].analysis", "needs metric, interval, count");

        // Placeholders.
        yield return Case("unknown parameter", Header + "      - setWeight: \"{{ nope }}\"\n", 16, 20, "stages[0].steps[0].setWeight", "unknown parameter 'nope' in placeholder; declared parameters: w, flag, bake");
        yield return Case("unknown parameter in a target", Header.Replace("[sandbox-eu]", "[\"sandbox-{{ region }}\"]", StringComparison.Ordinal) + "      - setWeight: 10\n", 14, 15, "stages[0].targets[0]", "unknown parameter 'region'");
        yield return Case("unquoted placeholder", Header + "      - setWeight: {{ w }}\n", 16, 20, "stages[0].steps[0].setWeight", "must be quoted: write \"{{ w }}\"");
        yield return Case("malformed placeholder", Header + "      - setWeight: \"{{ 1w }}\"\n", 16, 20, "stages[0].steps[0].setWeight", "malformed placeholder '{{ 1w }}'");
        yield return Case("unclosed placeholder", Header + "      - pause: { duration: \"{{ bake\" }\n", 16, 28, "stages[0].steps[0].pause.duration", "unclosed placeholder");
        yield return Case("bool parameter as weight", Header + "      - setWeight: \"{{ flag }}\"\n", 16, 20, "stages[0].steps[0].setWeight", "parameter 'flag' is of type bool; this value needs a whole number");
        yield return Case("int parameter as duration", Header + "      - pause: { duration: \"{{ w }}\" }\n", 16, 28, "stages[0].steps[0].pause.duration", "parameter 'w' is of type int");
        yield return Case("default does not fit the step", Header.Replace("default: 10", "default: 150", StringComparison.Ordinal) + "      - setWeight: \"{{ w }}\"\n", 16, 20, "stages[0].steps[0].setWeight", "the default of parameter 'w' does not fit here: must be between 0 and 100");
        yield return Case("placeholder in stage name", Header.Replace("name: production", "name: \"{{ w }}\"", StringComparison.Ordinal) + "      - setWeight: 10\n", 13, 11, "stages[0].name", "not in stage names");

        // Parameters.
        yield return Case("parameters not a list", "name: t\nparameters: { a: 1 }\nstages:\n  - name: a\n    targets: [x]\n    steps:\n      - setWeight: 1\n", 2, 13, "parameters", "expected a list of parameters");
        yield return Case("parameter without type", WithParameter("  - name: a\n"), 3, 5, "parameters[0].type", "missing required key 'type'");
        yield return Case("unknown parameter type", WithParameter("  - name: a\n    type: float\n"), 4, 11, "parameters[0].type", "unknown type 'float'; expected one of: string, int, number, bool, duration, choice");
        yield return Case("parameter name not an identifier", WithParameter("  - name: max-error\n    type: number\n"), 3, 11, "parameters[0].name", "must start with a letter");
        yield return Case("duplicate parameter", WithParameter("  - name: a\n    type: int\n  - name: a\n    type: string\n"), 5, 11, "parameters[1].name", "duplicate parameter name 'a'");
        yield return Case("int default not a number", WithParameter("  - name: a\n    type: int\n    default: many\n"), 5, 14, "parameters[0].default", "expected a whole number, found 'many'");
        yield return Case("number default above max", WithParameter("  - name: a\n    type: number\n    max: 1\n    default: 2\n"), 6, 14, "parameters[0].default", "2 is above the maximum 1");
        yield return Case("int default below min", WithParameter("  - name: a\n    type: int\n    min: 5\n    default: 2\n"), 6, 14, "parameters[0].default", "2 is below the minimum 5");
        yield return Case("bool default", WithParameter("  - name: a\n    type: bool\n    default: yes\n"), 5, 14, "parameters[0].default", "expected true or false, found 'yes'");
        yield return Case("duration default", WithParameter("  - name: a\n    type: duration\n    default: 5 sec\n"), 5, 14, "parameters[0].default", "expected a duration like");
        yield return Case("choice default not an option", WithParameter("  - name: a\n    type: choice\n    options: [eu, us]\n    default: asia\n"), 6, 14, "parameters[0].default", "'asia' is not one of the options: eu, us");
        yield return Case("choice without options", WithParameter("  - name: a\n    type: choice\n"), 3, 5, "parameters[0].options", "needs 'options'");
        yield return Case("choice with empty options", WithParameter("  - name: a\n    type: choice\n    options: []\n"), 5, 14, "parameters[0].options", "at least one option");
        yield return Case("choice with duplicate options", WithParameter("  - name: a\n    type: choice\n    options: [eu, eu]\n"), 5, 19, "parameters[0].options[1]", "duplicate option 'eu'");
        yield return Case("options on a string", WithParameter("  - name: a\n    type: string\n    options: [x]\n"), 5, 14, "parameters[0].options", "only to choice parameters");
        yield return Case("min on a string", WithParameter("  - name: a\n    type: string\n    min: 1\n"), 5, 10, "parameters[0].min", "only to int and number parameters");
        yield return Case("fractional min on an int", WithParameter("  - name: a\n    type: int\n    min: 0.5\n"), 5, 10, "parameters[0].min", "expected a whole number");
        yield return Case("max below min", WithParameter("  - name: a\n    type: number\n    min: 2\n    max: 1\n"), 6, 10, "parameters[0].max", "max (1) is below min (2)");
        yield return Case("unknown parameter key", WithParameter("  - name: a\n    type: string\n    label: A\n"), 5, 5, "parameters[0].label", "unknown key 'label'");

        // Rollback.
        yield return Case("rollback flag not a bool", Header + "      - setWeight: 10\nrollback:\n  onAnalysisFailure: maybe\n", 18, 22, "rollback.onAnalysisFailure", "expected true or false, found 'maybe'");
        yield return Case("rollback unknown key", Header + "      - setWeight: 10\nrollback:\n  onanalysisfailure: false\n", 18, 3, "rollback.onanalysisfailure", "did you mean 'onAnalysisFailure'");
    }

    /// <summary>The table as xunit rows: name, YAML, line, column, path, fragment.</summary>
    public static IEnumerable<object[]> Rows() => All().Select(t => t.ToRow());

    private static BadTemplate Case(string name, string yaml, int line, int column, string path, string fragment) =>
        new(name, yaml, line, column, path, fragment);
}

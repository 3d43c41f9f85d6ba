using System.Globalization;
using System.Text.RegularExpressions;

namespace PortalRelease.Plugins.Cdn.Tests.Fake;

internal sealed partial class FakeFastly
{
    private static readonly string[] SnippetTypes = ["init", "recv", "hash", "hit", "miss", "pass", "fetch", "error", "deliver", "log", "none"];

    // Called under _gate.
    private Answer Route(RecordedRequest request)
    {
        var segments = request.Path.Trim('/').Split('/').Select(Uri.UnescapeDataString).ToArray();
        if (segments.Length < 3 || segments[0] != "service")
        {
            return Error(404, "Record not found", $"Cannot find {request.Path}");
        }

        if (segments[1] != ServiceId)
        {
            return Error(404, "Record not found", $"Cannot find service '{segments[1]}'");
        }

        return (request.Method, segments[2..]) switch
        {
            ("GET", ["version"]) => Ok(_versions.Select(VersionJson).ToList()),
            ("POST", ["purge_all"]) => Purge("all"),
            ("POST", ["purge", var surrogateKey]) => Purge("key:" + surrogateKey),
            (_, ["version", var number, .. var rest]) => WithVersion(number, version => RouteVersion(request, version, rest)),
            _ => Error(404, "Record not found", $"Cannot find {request.Method} {request.Path}"),
        };
    }

    private Answer RouteVersion(RecordedRequest request, FakeVersion version, string[] rest) => (request.Method, rest) switch
    {
        ("GET", []) => Ok(VersionJson(version)),
        ("PUT", []) => Edit(version, () => version.Comment = request.Form.GetValueOrDefault("comment", version.Comment), () => VersionJson(version)),
        ("PUT", ["clone"]) => Clone(version),
        ("GET", ["validate"]) => Ok(Validate(version) is { } problem
            ? new { status = "error", msg = (string?)problem, errors = new[] { problem }, warnings = Array.Empty<string>(), messages = Array.Empty<object>() }
            : new { status = "ok", msg = (string?)null, errors = Array.Empty<string>(), warnings = Array.Empty<string>(), messages = Array.Empty<object>() }),
        ("PUT", ["activate"]) => Activate(version),
        ("PUT", ["activate", var environment]) => Stage(version, environment),
        ("GET", ["backend"]) => Ok(version.Backends.Values.Select(b => BackendJson(version, b)).ToList()),
        ("POST", ["backend"]) => Create(version, version.Backends, request.Form, "backend", BackendProblem, fields => BackendJson(version, fields)),
        ("GET", ["backend", var name]) => Find(version.Backends, name, "backend", fields => BackendJson(version, fields)),
        ("PUT", ["backend", var name]) => Update(version, version.Backends, name, request.Form, "backend", fields => BackendJson(version, fields)),
        ("DELETE", ["backend", var name]) => Delete(version, version.Backends, name, "backend"),
        ("GET", ["snippet"]) => Ok(version.Snippets.Values.Select(s => SnippetJson(version, s)).ToList()),
        ("POST", ["snippet"]) => Create(version, version.Snippets, request.Form, "snippet", SnippetProblem, fields => SnippetJson(version, fields)),
        ("GET", ["snippet", var name]) => Find(version.Snippets, name, "snippet", fields => SnippetJson(version, fields)),
        ("PUT", ["snippet", var name]) => Update(version, version.Snippets, name, request.Form, "snippet", fields => SnippetJson(version, fields)),
        ("DELETE", ["snippet", var name]) => Delete(version, version.Snippets, name, "snippet"),
        _ => Error(404, "Record not found", $"Cannot find {request.Method} {request.Path}"),
    };

    private Answer WithVersion(string number, Func<FakeVersion, Answer> then)
    {
        var version = int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? _versions.FirstOrDefault(v => v.Number == n) : null;
        return version is null ? Error(404, "Record not found", $"Cannot find service version '{number}'") : then(version);
    }

    private Answer Clone(FakeVersion source)
    {
        var clone = source.CloneAs(_versions.Max(v => v.Number) + 1);
        _versions.Add(clone);
        return Ok(VersionJson(clone));
    }

    private Answer Activate(FakeVersion version)
    {
        if (Validate(version) is { } problem)
        {
            return Error(400, "Bad request", $"Version {version.Number} failed validation: {problem}");
        }

        foreach (var other in _versions)
        {
            other.Active = false;
        }

        version.Active = true;
        version.Locked = true;
        return Ok(VersionJson(version));
    }

    // Staging does not lock: a draft can be staged again after edits (Fastly's "working with staging" guide).
    private Answer Stage(FakeVersion version, string environment)
    {
        if (environment != "staging")
        {
            return Error(400, "Bad request", $"Unknown environment '{environment}'");
        }

        if (Validate(version) is { } problem)
        {
            return Error(400, "Bad request", $"Version {version.Number} failed validation: {problem}");
        }

        _staged = version.Number;
        return Ok(VersionJson(version));
    }

    private Answer Purge(string what)
    {
        _purges.Add(what);
        return what == "all" ? Ok(new { status = "ok" }) : Ok(new { status = "ok", id = $"{_purges.Count}-purge" });
    }

    // Fastly locks a version on activation; a locked version is never edited, only cloned.
    private static Answer Edit(FakeVersion version, Action change, Func<object> body)
    {
        if (version.Locked)
        {
            return Error(409, "Conflict", $"Version {version.Number} is locked: clone it to make changes");
        }

        change();
        return Ok(body());
    }

    private static Answer Create(
        FakeVersion version, Dictionary<string, Dictionary<string, string>> items, IReadOnlyDictionary<string, string> form, string kind,
        Func<IReadOnlyDictionary<string, string>, string?> problem, Func<Dictionary<string, string>, object> json)
    {
        if (problem(form) is { } reason)
        {
            return Error(400, "Bad request", reason);
        }

        var name = form["name"];
        if (items.ContainsKey(name))
        {
            return Error(409, "Duplicate record", $"Duplicate {kind}: '{name}'");
        }

        return Edit(version, () => items[name] = new Dictionary<string, string>(form, StringComparer.Ordinal), () => json(items[name]));
    }

    private static Answer Update(
        FakeVersion version, Dictionary<string, Dictionary<string, string>> items, string name, IReadOnlyDictionary<string, string> form, string kind,
        Func<Dictionary<string, string>, object> json)
    {
        if (!items.TryGetValue(name, out var fields))
        {
            return Error(404, "Record not found", $"Couldn't find {kind} '{name}'");
        }

        return Edit(version, () =>
        {
            foreach (var (key, value) in form)
            {
                fields[key] = value;
            }
        }, () => json(fields));
    }

    private static Answer Delete(FakeVersion version, Dictionary<string, Dictionary<string, string>> items, string name, string kind) =>
        !items.ContainsKey(name)
            ? Error(404, "Record not found", $"Couldn't find {kind} '{name}'")
            : Edit(version, () => items.Remove(name), () => new { status = "ok" });

    private static Answer Find(Dictionary<string, Dictionary<string, string>> items, string name, string kind, Func<Dictionary<string, string>, object> json) =>
        items.TryGetValue(name, out var fields) ? Ok(json(fields)) : Error(404, "Record not found", $"Couldn't find {kind} '{name}'");

    private static string? BackendProblem(IReadOnlyDictionary<string, string> form) =>
        !form.ContainsKey("name") || !form.ContainsKey("address") ? "A backend needs a name and an address"
        : form.TryGetValue("port", out var port) && !int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out _) ? $"Port '{port}' is not a number"
        : null;

    private static string? SnippetProblem(IReadOnlyDictionary<string, string> form) =>
        !form.ContainsKey("name") || !form.ContainsKey("content") ? "A snippet needs a name and content"
        : !form.TryGetValue("type", out var type) || !SnippetTypes.Contains(type) ? $"Snippet type '{form.GetValueOrDefault("type")}' is not one of {string.Join(", ", SnippetTypes)}"
        : form.GetValueOrDefault("dynamic", "0") is not ("0" or "1") ? "dynamic must be 0 or 1"
        : null;

    /// <summary>What Fastly's compiler would refuse that the fake can see: a backend named in VCL that the version lacks.</summary>
    private string? Validate(FakeVersion version)
    {
        if (RefuseValidation is { } refusal)
        {
            return refusal;
        }

        var declared = version.Backends.Keys.Select(name => "F_" + NonIdentifier().Replace(name, "_")).ToHashSet(StringComparer.Ordinal);
        foreach (var (name, snippet) in version.Snippets)
        {
            var content = snippet.GetValueOrDefault("content", "");
            foreach (Match reference in BackendReference().Matches(content))
            {
                if (!declared.Contains(reference.Value))
                {
                    return $"Unknown backend '{reference.Value}' in snippet '{name}'";
                }
            }

            if (content.Count(c => c == '{') != content.Count(c => c == '}'))
            {
                return $"Syntax error in snippet '{name}': unbalanced braces";
            }
        }

        return null;
    }

    private object VersionJson(FakeVersion version) => new Dictionary<string, object?>
    {
        ["number"] = version.Number,
        ["active"] = version.Active,
        ["locked"] = version.Locked,
        ["comment"] = version.Comment,
        ["service_id"] = ServiceId,
        ["deployed"] = false,
        ["staging"] = false,
        ["testing"] = false,
        ["created_at"] = "2026-01-01T12:00:00Z",
        ["updated_at"] = "2026-01-01T12:00:00Z",
        ["deleted_at"] = null,
        ["environments"] = _staged == version.Number
            ? new[] { new Dictionary<string, object> { ["name"] = "staging", ["service_id"] = ServiceId, ["active_version"] = version.Number } }
            : [],
    };

    private static Dictionary<string, object?> BackendJson(FakeVersion version, Dictionary<string, string> fields) => new Dictionary<string, object?>
    {
        ["name"] = fields["name"],
        ["address"] = fields.GetValueOrDefault("address"),
        ["port"] = int.Parse(fields.GetValueOrDefault("port", "80"), CultureInfo.InvariantCulture),
        ["use_ssl"] = fields.GetValueOrDefault("use_ssl") is "true" or "1",
        ["override_host"] = fields.GetValueOrDefault("override_host"),
        ["ssl_cert_hostname"] = fields.GetValueOrDefault("ssl_cert_hostname"),
        ["ssl_sni_hostname"] = fields.GetValueOrDefault("ssl_sni_hostname"),
        ["auto_loadbalance"] = fields.GetValueOrDefault("auto_loadbalance") is "true" or "1",
        ["service_id"] = ServiceId,
        ["version"] = version.Number,
    };

    // Fastly answers a snippet's numbers as strings.
    private static Dictionary<string, object?> SnippetJson(FakeVersion version, Dictionary<string, string> fields) => new Dictionary<string, object?>
    {
        ["name"] = fields["name"],
        ["type"] = fields.GetValueOrDefault("type"),
        ["content"] = fields.GetValueOrDefault("content"),
        ["dynamic"] = fields.GetValueOrDefault("dynamic", "0"),
        ["priority"] = fields.GetValueOrDefault("priority", "100"),
        ["id"] = $"snip{version.Number}{fields["name"].Length}",
        ["service_id"] = ServiceId,
        ["version"] = version.Number.ToString(CultureInfo.InvariantCulture),
    };

    [GeneratedRegex("[^A-Za-z0-9_]")]
    private static partial Regex NonIdentifier();

    [GeneratedRegex(@"\bF_[A-Za-z0-9_]+")]
    private static partial Regex BackendReference();
}

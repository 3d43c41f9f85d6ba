using System.Globalization;
using System.Text.RegularExpressions;

namespace PortalRelease.Plugins.DbMigrations.Migrations;

/// <summary>
/// The migrations directory, read and checked: one folder per version (<c>1.4.0/</c>), each holding
/// <c>NNNN_name.expand.sql</c>, <c>NNNN_name.contract.sql</c> and optional <c>NNNN_name.down.sql</c> files.
/// Every problem is collected with the file (and line) it is in; a catalog with problems is never applied.
/// </summary>
internal sealed partial class MigrationCatalog
{
    private MigrationCatalog(string root, List<MigrationFile> files, List<string> problems)
    {
        Root = root;
        Problems = problems;
        Expand = Ordered(files, MigrationPhase.Expand);
        Contract = Ordered(files, MigrationPhase.Contract);
        Down = files.Where(f => f.Phase == MigrationPhase.Down).ToDictionary(f => f.Id, StringComparer.Ordinal);
        ByPath = files.ToDictionary(f => f.RelativePath, StringComparer.Ordinal);
    }

    /// <summary>The one message for a migrations directory that is missing, not a folder or unreadable.</summary>
    public const string Unreadable = "The migrations directory is not a folder the portal can read; give a folder of version folders inside the folder Portal:TargetPolicy:Kinds:db-migrations:Root names.";

    private const string LinkRefused = "a symbolic link; migrations must be files in the migrations directory itself.";

    public string Root { get; }

    /// <summary>Problems, each naming its file (and line where there is one); empty when the catalog may be applied.</summary>
    public IReadOnlyList<string> Problems { get; }

    public IReadOnlyList<MigrationFile> Expand { get; }

    public IReadOnlyList<MigrationFile> Contract { get; }

    /// <summary>Down scripts by the <see cref="MigrationFile.Id"/> of the expand migration they undo.</summary>
    public IReadOnlyDictionary<string, MigrationFile> Down { get; }

    public IReadOnlyDictionary<string, MigrationFile> ByPath { get; }

    /// <summary>
    /// Reads <paramref name="root"/> (a folder the operator's policy resolved); a missing or unreadable directory is a
    /// problem, not an exception, and one problem whatever the cause, so a message never tells whether a path exists.
    /// </summary>
    public static MigrationCatalog Load(string root)
    {
        var files = new List<MigrationFile>();
        var problems = new List<string>();
        if (!Directory.Exists(root))
        {
            problems.Add(Unreadable);
            return new MigrationCatalog(root, files, problems);
        }

        try
        {
            foreach (var stray in Directory.EnumerateFiles(root, "*.sql"))
            {
                problems.Add($"{Path.GetFileName(stray)}: migrations live in a version folder, e.g. 1.0.0/{Path.GetFileName(stray)}.");
            }

            foreach (var folder in Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(folder);
                if (name.StartsWith('.'))
                {
                    continue;
                }

                if (MigrationVersion.TryParse(name) is not { } version)
                {
                    problems.Add($"{name}/: a folder in the migrations directory must be named after a version, e.g. 1.4.0 or 2.0.0-rc.1.");
                    continue;
                }

                if (new DirectoryInfo(folder).LinkTarget is not null)
                {
                    problems.Add($"{name}/: {LinkRefused}");
                    continue;
                }

                ReadVersion(folder, version, files, problems);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The exception's message holds the resolved path, which may show where a link points.
            problems.Add(Unreadable);
        }

        CheckPairs(files, problems);
        return new MigrationCatalog(root, files, problems);
    }

    /// <summary>Every known version, oldest first.</summary>
    public IEnumerable<MigrationVersion> Versions =>
        Expand.Concat(Contract).Select(f => f.Version).DistinctBy(v => v.Text).Order();

    private static void ReadVersion(string folder, MigrationVersion version, List<MigrationFile> files, List<string> problems)
    {
        var sequences = new Dictionary<(int, MigrationPhase), string>();
        foreach (var path in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal))
        {
            var fileName = Path.GetFileName(path);
            var relative = $"{version.Text}/{fileName}";
            if (!fileName.EndsWith(".sql", StringComparison.OrdinalIgnoreCase))
            {
                // READMEs and notes beside the scripts are allowed.
                continue;
            }

            // A link could show a file from anywhere on the host as a script in a dry run or an error; where it points is never said.
            if (new FileInfo(path).LinkTarget is not null)
            {
                problems.Add($"{relative}: {LinkRefused}");
                continue;
            }

            var match = FileNamePattern().Match(fileName);
            if (!match.Success)
            {
                problems.Add($"{relative}: not a migration file name; use NNNN_name.expand.sql, NNNN_name.contract.sql or NNNN_name.down.sql (four digits, lower-case name).");
                continue;
            }

            var phase = match.Groups[3].Value switch
            {
                "expand" => MigrationPhase.Expand,
                "contract" => MigrationPhase.Contract,
                _ => MigrationPhase.Down,
            };
            var sequence = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            var name = $"{match.Groups[1].Value}_{match.Groups[2].Value}";
            var slot = phase == MigrationPhase.Contract ? (sequence, MigrationPhase.Contract) : (sequence, MigrationPhase.Expand);
            if (sequences.TryGetValue(slot, out var taken) && taken != name)
            {
                problems.Add($"{relative}: number {match.Groups[1].Value} is already used by {version.Text}/{taken} in the same phase; numbers order the migrations, so each is used once.");
                continue;
            }

            sequences[slot] = name;
            var sql = File.ReadAllText(path);
            if (string.IsNullOrWhiteSpace(sql))
            {
                problems.Add($"{relative}: the file is empty.");
                continue;
            }

            var file = new MigrationFile { Version = version, Sequence = sequence, Name = name, Phase = phase, FullPath = path, Sql = sql };
            if (phase == MigrationPhase.Expand)
            {
                foreach (var destructive in DestructiveStatementFinder.Find(sql))
                {
                    problems.Add($"{relative} line {destructive.Line}: {destructive.What} is destructive and not allowed in an expand migration, "
                        + "because the previous version still runs against this schema; move it to a contract migration.");
                }
            }

            files.Add(file);
        }
    }

    private static void CheckPairs(List<MigrationFile> files, List<string> problems)
    {
        var expands = files.Where(f => f.Phase == MigrationPhase.Expand).Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var down in files.Where(f => f.Phase == MigrationPhase.Down && !expands.Contains(f.Id)))
        {
            problems.Add($"{down.RelativePath}: a down script undoes the expand migration with the same name, but {down.Id}.expand.sql does not exist.");
        }
    }

    private static List<MigrationFile> Ordered(List<MigrationFile> files, MigrationPhase phase) =>
        files.Where(f => f.Phase == phase).OrderBy(f => f.Version).ThenBy(f => f.Sequence).ThenBy(f => f.Name, StringComparer.Ordinal).ToList();

    [GeneratedRegex("^([0-9]{4})_([a-z0-9][a-z0-9_-]*)\\.(expand|contract|down)\\.sql\\z")]
    private static partial Regex FileNamePattern();
}

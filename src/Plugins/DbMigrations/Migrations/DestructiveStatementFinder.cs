namespace PortalRelease.Plugins.DbMigrations.Migrations;

/// <summary>A statement that removes or renames something the running (previous) version of the application still uses.</summary>
internal readonly record struct DestructiveStatement(int Line, string What);

/// <summary>
/// Finds statements an expand migration must not contain: <c>DROP TABLE</c>, <c>DROP COLUMN</c> (also PostgreSQL's
/// <c>ALTER TABLE t DROP c</c>), any <c>ALTER … RENAME</c> and <c>TRUNCATE</c>. During the expand phase the previous
/// version of the application is still serving, so these would break it; they belong in a contract migration.
/// Bodies of functions and <c>DO</c> blocks (dollar-quoted) are not looked into.
/// </summary>
internal static class DestructiveStatementFinder
{
    // What may follow DROP in ALTER TABLE without dropping a column (ALTER COLUMN c DROP DEFAULT / NOT NULL, DROP CONSTRAINT).
    private static readonly HashSet<string> HarmlessDropTargets = ["CONSTRAINT", "DEFAULT", "NOT", "IDENTITY", "EXPRESSION", "COLUMN", "TABLE"];

    public static List<DestructiveStatement> Find(string sql)
    {
        var found = new List<DestructiveStatement>();
        var statement = new List<SqlToken>();
        foreach (var token in SqlTokenizer.Tokenize(sql).Append(new SqlToken(SqlToken.StatementEnd, 0)))
        {
            if (token.Word == SqlToken.StatementEnd)
            {
                Check(statement, found);
                statement.Clear();
            }
            else
            {
                statement.Add(token);
            }
        }

        return found;
    }

    private static void Check(List<SqlToken> statement, List<DestructiveStatement> found)
    {
        if (statement.Count == 0)
        {
            return;
        }

        var first = statement[0].Word;
        var alterTable = first == "ALTER" && statement.Count > 1 && statement[1].Word == "TABLE";
        if (first == "TRUNCATE")
        {
            found.Add(new DestructiveStatement(statement[0].Line, "TRUNCATE"));
        }

        for (var i = 0; i < statement.Count; i++)
        {
            var word = statement[i].Word;
            var next = i + 1 < statement.Count ? statement[i + 1].Word : "";
            if (word == "DROP" && next == "TABLE")
            {
                found.Add(new DestructiveStatement(statement[i].Line, "DROP TABLE"));
            }
            else if (word == "DROP" && next == "COLUMN")
            {
                found.Add(new DestructiveStatement(statement[i].Line, "DROP COLUMN"));
            }
            else if (word == "DROP" && alterTable && i > 2 && next.Length > 0 && !HarmlessDropTargets.Contains(next))
            {
                found.Add(new DestructiveStatement(statement[i].Line, "DROP COLUMN"));
            }
            else if (word == "RENAME" && first == "ALTER")
            {
                found.Add(new DestructiveStatement(statement[i].Line, "ALTER … RENAME"));
            }
        }
    }
}

using System.Text;

namespace PortalRelease.Plugins.DbMigrations.Migrations;

/// <summary>A word or a statement separator in a SQL script, with the 1-based line it starts on.</summary>
internal readonly record struct SqlToken(string Word, int Line)
{
    public const string StatementEnd = ";";

    /// <summary>A quoted identifier or a string literal: never a keyword.</summary>
    public const string Opaque = "\"\"";
}

/// <summary>
/// Splits a SQL script into upper-cased words and <c>;</c> separators, skipping comments (<c>--</c>, nested
/// <c>/* */</c>), string literals (<c>'…'</c>, PostgreSQL <c>$tag$…$tag$</c>) and quoted identifiers, so a keyword
/// inside any of those is never mistaken for a statement. Enough SQL to find destructive statements, not a parser.
/// </summary>
internal static class SqlTokenizer
{
    public static List<SqlToken> Tokenize(string sql)
    {
        var tokens = new List<SqlToken>();
        var line = 1;
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c == '\n')
            {
                line++;
                i++;
            }
            else if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '-' && Next(sql, i) == '-')
            {
                while (i < sql.Length && sql[i] != '\n')
                {
                    i++;
                }
            }
            else if (c == '/' && Next(sql, i) == '*')
            {
                i = SkipBlockComment(sql, i, ref line);
            }
            else if (c is '\'' or '"' or '`')
            {
                tokens.Add(new SqlToken(SqlToken.Opaque, line));
                i = SkipQuoted(sql, i, c, ref line);
            }
            else if (c == '$' && DollarTag(sql, i) is { } tag)
            {
                tokens.Add(new SqlToken(SqlToken.Opaque, line));
                var end = sql.IndexOf(tag, i + tag.Length, StringComparison.Ordinal);
                var stop = end < 0 ? sql.Length : end + tag.Length;
                line += Count(sql, i, stop, '\n');
                i = stop;
            }
            else if (c == ';')
            {
                tokens.Add(new SqlToken(SqlToken.StatementEnd, line));
                i++;
            }
            else if (char.IsLetter(c) || c == '_')
            {
                var word = new StringBuilder();
                while (i < sql.Length && (char.IsLetterOrDigit(sql[i]) || sql[i] is '_' or '$'))
                {
                    word.Append(char.ToUpperInvariant(sql[i]));
                    i++;
                }

                tokens.Add(new SqlToken(word.ToString(), line));
            }
            else
            {
                i++;
            }
        }

        return tokens;
    }

    private static char Next(string sql, int i) => i + 1 < sql.Length ? sql[i + 1] : '\0';

    private static int SkipBlockComment(string sql, int i, ref int line)
    {
        // PostgreSQL nests block comments; SQLite does not, but a nested opener inside a SQLite comment is harmless here.
        var depth = 0;
        while (i < sql.Length)
        {
            if (sql[i] == '/' && Next(sql, i) == '*')
            {
                depth++;
                i += 2;
            }
            else if (sql[i] == '*' && Next(sql, i) == '/')
            {
                depth--;
                i += 2;
                if (depth == 0)
                {
                    return i;
                }
            }
            else
            {
                if (sql[i] == '\n')
                {
                    line++;
                }

                i++;
            }
        }

        return i;
    }

    private static int SkipQuoted(string sql, int i, char quote, ref int line)
    {
        i++;
        while (i < sql.Length)
        {
            if (sql[i] == quote)
            {
                // A doubled quote is an escaped quote inside the literal.
                if (Next(sql, i) == quote)
                {
                    i += 2;
                    continue;
                }

                return i + 1;
            }

            if (sql[i] == '\n')
            {
                line++;
            }

            i++;
        }

        return i;
    }

    private static string? DollarTag(string sql, int i)
    {
        var j = i + 1;
        while (j < sql.Length && (char.IsLetterOrDigit(sql[j]) || sql[j] == '_'))
        {
            j++;
        }

        return j < sql.Length && sql[j] == '$' && (j == i + 1 || !char.IsDigit(sql[i + 1])) ? sql[i..(j + 1)] : null;
    }

    private static int Count(string text, int from, int to, char c)
    {
        var n = 0;
        for (var k = from; k < to; k++)
        {
            if (text[k] == c)
            {
                n++;
            }
        }

        return n;
    }
}

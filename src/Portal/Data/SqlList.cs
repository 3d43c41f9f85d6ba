using System.Data;
using System.Text;
using Dapper;

namespace PortalRelease.Portal.Data;

/// <summary>
/// A list of values for <c>IN</c>, bound as one parameter per value. Dapper expands <c>IN @list</c> on SQLite, but on
/// Npgsql it binds the list as one array parameter and leaves <c>IN @list</c> as written, which PostgreSQL refuses; a
/// parenthesised list of parameters reads the same on both.
/// </summary>
internal static class SqlList
{
    /// <summary>
    /// Adds <paramref name="values"/> to <paramref name="parameters"/> as <c>@name0</c>, <c>@name1</c>, … and returns
    /// <c>(@name0, @name1, …)</c>; an empty list returns an empty row set, so <c>IN</c> it is false and <c>NOT IN</c> true.
    /// </summary>
    public static string Of(DynamicParameters parameters, string name, IEnumerable<string> values)
    {
        var list = new StringBuilder("(");
        var count = 0;
        foreach (var value in values)
        {
            var parameter = name + count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            parameters.Add(parameter, value, DbType.String);
            list.Append(count++ == 0 ? "@" : ", @").Append(parameter);
        }
        return count == 0 ? "(SELECT CAST(NULL AS TEXT) WHERE 1 = 0)" : list.Append(')').ToString();
    }
}

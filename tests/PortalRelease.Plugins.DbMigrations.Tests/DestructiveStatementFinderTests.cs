using PortalRelease.Plugins.DbMigrations.Migrations;

namespace PortalRelease.Plugins.DbMigrations.Tests;

public sealed class DestructiveStatementFinderTests
{
    [Theory]
    [InlineData("DROP TABLE users;", 1, "DROP TABLE")]
    [InlineData("drop table if exists users;", 1, "DROP TABLE")]
    [InlineData("ALTER TABLE users DROP COLUMN name;", 1, "DROP COLUMN")]
    [InlineData("ALTER TABLE users\n  ADD COLUMN a TEXT,\n  DROP name;", 3, "DROP COLUMN")]
    [InlineData("ALTER TABLE users RENAME TO people;", 1, "ALTER … RENAME")]
    [InlineData("ALTER TABLE users RENAME COLUMN name TO full_name;", 1, "ALTER … RENAME")]
    [InlineData("-- header\n\nTRUNCATE users;", 3, "TRUNCATE")]
    public void Finds_destructive_statements_at_their_line(string sql, int line, string what)
    {
        Assert.Equal([new DestructiveStatement(line, what)], DestructiveStatementFinder.Find(sql));
    }

    [Theory]
    [InlineData("ALTER TABLE users ADD COLUMN email TEXT;")]
    [InlineData("-- DROP TABLE users;\nCREATE INDEX users_email ON users (email);")]
    [InlineData("/* ALTER TABLE users RENAME TO x; /* nested */ still comment */ SELECT 1;")]
    [InlineData("INSERT INTO audit (note) VALUES ('drop table users; truncate users');")]
    [InlineData("ALTER TABLE users ALTER COLUMN name DROP NOT NULL;")]
    [InlineData("ALTER TABLE users ALTER COLUMN name DROP DEFAULT;")]
    [InlineData("ALTER TABLE users DROP CONSTRAINT users_name_check;")]
    [InlineData("CREATE FUNCTION f() RETURNS void AS $body$ BEGIN TRUNCATE t; END $body$ LANGUAGE plpgsql;")]
    [InlineData("DROP INDEX users_email;")]
    public void Leaves_additive_statements_comments_and_literals_alone(string sql)
    {
        Assert.Empty(DestructiveStatementFinder.Find(sql));
    }
}

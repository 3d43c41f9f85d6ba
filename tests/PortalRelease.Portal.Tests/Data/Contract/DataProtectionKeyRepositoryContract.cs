using PortalRelease.Portal.Data;

namespace PortalRelease.Portal.Tests.Data.Contract;

/// <summary>The <c>data_protection_keys</c> table: elements are only added, a taken name kept under a variant, read oldest first.</summary>
public abstract class DataProtectionKeyRepositoryContract(PostgresServer? server) : StoreContract(server)
{
    private DataProtectionKeyRepository Keys => new(Database);

    [Fact]
    public async Task Add_NameTaken_KeepsBothUnderAVariantAndReadsOldestFirst()
    {
        Assert.Equal("key-b", await Keys.AddAsync("key-b", "<key id=\"b\"/>", PreciseLocalTime.AddMinutes(1)));
        Assert.Equal("key-a", await Keys.AddAsync("key-a", "<key id=\"a\"/>", PreciseLocalTime));
        Assert.Equal("Key-a", await Keys.AddAsync("Key-a", "<key id=\"A\"/>", PreciseLocalTime));

        var variant = await Keys.AddAsync("key-a", "<revocation ünï=\"✓\"/>", PreciseLocalTime.AddMinutes(2));

        Assert.StartsWith("key-a-", variant, StringComparison.Ordinal);
        Assert.Equal(["<key id=\"A\"/>", "<key id=\"a\"/>", "<key id=\"b\"/>", "<revocation ünï=\"✓\"/>"], await Keys.ReadAllAsync());
    }
}

public sealed class SqliteDataProtectionKeyRepositoryContract() : DataProtectionKeyRepositoryContract(null);

[Collection(PostgresCollection.Name)]
public sealed class PostgresDataProtectionKeyRepositoryContract(PostgresServer server) : DataProtectionKeyRepositoryContract(server);

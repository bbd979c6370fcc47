namespace RelationshipCare.Tests.Infrastructure;

/// <summary>
/// A test class with a host of its own in the local default: SQLite and local job storage, files in a throwaway
/// folder, no Redis. The host and its folder go with the class.
/// </summary>
public abstract class SqliteHostTest(string folderPrefix) : IAsyncLifetime
{
    private protected string Folder { get; } = Directory.CreateTempSubdirectory(folderPrefix).FullName;

    private protected AppFactory Host { get; private set; } = null!;

    private protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        Host = AppFactory.OnSqlite(Folder);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
        GC.SuppressFinalize(this);
    }
}

using Convergence.Domain.Identity;
using Convergence.Domain.Modules;
using Convergence.Domain.Stores;

namespace Convergence.Stores.Sqlite;

/// <summary>
/// Each region's read model in a SQLite database of its own, driven by the modules' SQL handlers
/// (<see cref="DomainModule.Sql"/>): in memory, or with <see cref="Directory"/> a file
/// <c>&lt;region&gt;.sqlite</c> there that a user can open after the run.
/// </summary>
public sealed class SqliteStore(CheckpointMode checkpoints = CheckpointMode.WithState, string? directory = null) : IReadModelStore
{
    public string Name => "sqlite";

    public CheckpointMode Checkpoints { get; } = checkpoints;

    /// <summary>Where regions' database files go; null keeps every database in memory.</summary>
    public string? Directory { get; } = directory;

    /// <summary>The modules of <paramref name="catalog"/> that have no SQL handlers (the store cannot run them).</summary>
    public static IReadOnlyList<string> ModulesWithoutSql(DomainCatalog catalog) =>
        [.. catalog.Modules.Where(m => m.Sql is null).Select(m => m.Name)];

    /// <summary>The database file of <paramref name="region"/> under <see cref="Directory"/>.</summary>
    public string? PathOf(RegionId region) => Directory is null ? null : Path.Combine(Directory, region.Value + ".sqlite");

    public RegionStore Open(DomainCatalog catalog, RegionId? region)
    {
        var missing = ModulesWithoutSql(catalog);
        if (missing.Count > 0)
            throw new ArgumentException($"the sqlite store needs SQL handlers, and module(s) {string.Join(", ", missing)} have none");
        SqliteSession session;
        string? checkpointFile = null;
        if (region is { } r && PathOf(r) is { } path)
        {
            System.IO.Directory.CreateDirectory(Directory!);
            session = SqliteSession.CreateFile(path);
            checkpointFile = path + ".checkpoint";
            File.Delete(checkpointFile);
        }
        else
        {
            session = SqliteSession.InMemory();
        }
        session.Execute(SqliteRegionStore.CheckpointSchema, []);
        foreach (var module in catalog.Modules) session.Execute(module.Sql!.Schema, []);
        return new SqliteRegionStore(session, [.. catalog.Modules.Select(m => m.Sql!.CreateProjection(m.Sql, session))], Checkpoints, checkpointFile);
    }

    public override string ToString() => Directory is null ? $"{Name} (in memory, checkpoint {Checkpoints})" : $"{Name} ({Directory}, checkpoint {Checkpoints})";
}

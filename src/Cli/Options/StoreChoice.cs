using Convergence.Domain.Modules;
using Convergence.Domain.Stores;
using Convergence.Stores.Sqlite;

namespace Convergence.Cli.Options;

/// <summary>
/// <c>--store memory|sqlite</c> and <c>--checkpoint with-state|separate</c>: where each region keeps its read
/// model, parsed and checked in one place for every command that takes them.
/// </summary>
public static class StoreChoice
{
    public const string StoreDescription =
        "where each region keeps its read model: memory (the C# handlers) or sqlite (the modules' SQL handlers, a SQLite database per region; default memory)";

    public const string CheckpointDescription =
        "sqlite: with-state (the projector's position commits in its batch's transaction; default) or separate (its own file after the batch: at-least-once)";

    public static readonly IReadOnlyList<string> Stores = ["memory", "sqlite"];

    public static readonly IReadOnlyList<string> Checkpoints = ["with-state", "separate"];

    /// <summary>The sentence for a bad value, or null when both are known.</summary>
    public static string? Problem(string store, string checkpoint) =>
        !Stores.Contains(store) ? $"--store must be one of {string.Join(", ", Stores)}, got '{store}'"
        : !Checkpoints.Contains(checkpoint) ? $"--checkpoint must be one of {string.Join(", ", Checkpoints)}, got '{checkpoint}'"
        : store == "memory" && checkpoint != "with-state" ? "--checkpoint separate needs --store sqlite (the memory store checkpoints by snapshot)"
        : null;

    /// <summary><paramref name="domain"/> kept in the chosen store (databases in memory, or as files under <paramref name="directory"/>).</summary>
    public static DomainCatalog Apply(DomainCatalog domain, string store, string checkpoint, string? directory = null)
    {
        if (store == "memory") return domain.WithStore(MemoryStore.Instance);
        var missing = SqliteStore.ModulesWithoutSql(domain);
        if (missing.Count > 0)
            throw new ArgumentException($"--store sqlite: module(s) {string.Join(", ", missing)} have no SQL handlers (DomainModule.Sql); run them with --store memory");
        var mode = checkpoint == "separate" ? CheckpointMode.Separate : CheckpointMode.WithState;
        return domain.WithStore(new SqliteStore(mode, directory));
    }

    /// <summary>The options that recreate this choice, for replay commands ("" for the default).</summary>
    public static string OptionsText(string store, string checkpoint) =>
        store == "memory" ? "" : checkpoint == "with-state" ? $"--store {store}" : $"--store {store} --checkpoint {checkpoint}";
}

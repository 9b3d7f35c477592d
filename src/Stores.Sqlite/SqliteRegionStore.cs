using Convergence.Domain.Modules;
using Convergence.Domain.Stores;

namespace Convergence.Stores.Sqlite;

/// <summary>
/// One region's SQLite database with the projector's checkpoint: in the database, committed in the
/// batch's own transaction (<see cref="CheckpointMode.WithState"/>), or in a file of its own written
/// after the batch, each delivery committed on its own (<see cref="CheckpointMode.Separate"/>).
/// </summary>
internal sealed class SqliteRegionStore : RegionStore, IDurableRegionStore
{
    public const string CheckpointSchema =
        "CREATE TABLE IF NOT EXISTS convergence_checkpoint(id INTEGER PRIMARY KEY CHECK (id = 1), position TEXT NOT NULL);";

    private readonly SqliteSession _session;
    private readonly SqlProjection[] _projections;
    private readonly string? _checkpointFile;
    // Stands for the separate checkpoint file of a database kept in memory.
    private string? _separateCheckpoint;

    public SqliteRegionStore(SqliteSession session, SqlProjection[] projections, CheckpointMode mode, string? checkpointFile)
    {
        _session = session;
        _projections = projections;
        Mode = mode;
        _checkpointFile = checkpointFile;
    }

    public CheckpointMode Mode { get; }

    public override IReadOnlyList<ModuleProjection> Projections => _projections;

    public override RegionStore Clone()
    {
        var copy = _session.Copy();
        return new SqliteRegionStore(copy, [.. _projections.Select(p => p.Over(copy))], Mode, null)
        {
            _separateCheckpoint = Mode == CheckpointMode.Separate ? StoredCheckpoint() : null,
        };
    }

    public void BeginBatch()
    {
        if (Mode == CheckpointMode.WithState && !_session.InBatch) _session.Begin();
    }

    public void CommitBatch(string checkpoint)
    {
        if (Mode == CheckpointMode.WithState)
        {
            if (!_session.InBatch) _session.Begin();
            _session.Execute("INSERT INTO convergence_checkpoint(id, position) VALUES(1, @p) ON CONFLICT(id) DO UPDATE SET position = excluded.position",
                [new("p", checkpoint)]);
            _session.Commit();
            return;
        }
        if (_checkpointFile is null)
        {
            _separateCheckpoint = checkpoint;
            return;
        }
        var temporary = _checkpointFile + ".tmp";
        File.WriteAllText(temporary, checkpoint);
        File.Move(temporary, _checkpointFile, overwrite: true);
    }

    public void AbandonBatch() => _session.Rollback();

    public string? StoredCheckpoint()
    {
        if (Mode == CheckpointMode.Separate)
            return _checkpointFile is null ? _separateCheckpoint : File.Exists(_checkpointFile) ? File.ReadAllText(_checkpointFile) : null;
        string? position = null;
        _session.Query("SELECT position FROM convergence_checkpoint WHERE id = 1", [], row => position = row.GetString(0));
        return position;
    }

    public override void Dispose()
    {
        _session.Dispose();
        base.Dispose();
    }
}

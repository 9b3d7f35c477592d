using System.Data;
using Convergence.Domain.Stores;
using Microsoft.Data.Sqlite;

namespace Convergence.Stores.Sqlite;

/// <summary>
/// One SQLite connection as SQL modules use it: prepared commands reused per SQL text, each
/// <see cref="Execute"/> in a transaction of its own unless a batch transaction is open.
/// </summary>
internal sealed class SqliteSession : ISqlSession, IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);
    private SqliteTransaction? _batch;

    public SqliteSession(SqliteConnection connection)
    {
        Connection = connection;
    }

    public SqliteConnection Connection { get; }

    public bool InBatch => _batch is not null;

    /// <summary>A fresh in-memory database.</summary>
    public static SqliteSession InMemory()
    {
        var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        return new SqliteSession(connection);
    }

    /// <summary>A database file, created empty (any earlier file at <paramref name="path"/> is replaced).</summary>
    public static SqliteSession CreateFile(string path)
    {
        foreach (var stale in new[] { path, path + "-wal", path + "-shm" }) File.Delete(stale);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        var session = new SqliteSession(connection);
        session.Execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;", []);
        return session;
    }

    public void Execute(string sql, IReadOnlyList<SqlArgument> arguments)
    {
        var command = Prepare(sql, arguments);
        if (_batch is not null)
        {
            command.ExecuteNonQuery();
            return;
        }
        using var transaction = Connection.BeginTransaction();
        command.Transaction = transaction;
        command.ExecuteNonQuery();
        transaction.Commit();
        command.Transaction = null;
    }

    public void Query(string sql, IReadOnlyList<SqlArgument> arguments, Action<IDataRecord> row)
    {
        var command = Prepare(sql, arguments);
        using var reader = command.ExecuteReader();
        while (reader.Read()) row(reader);
    }

    public ISqlSession Snapshot() => Copy();

    public SqliteSession Copy()
    {
        var copy = InMemory();
        Connection.BackupDatabase(copy.Connection);
        return copy;
    }

    public void Begin()
    {
        if (_batch is not null) throw new InvalidOperationException("a batch is already open");
        _batch = Connection.BeginTransaction();
    }

    public void Commit()
    {
        var batch = _batch ?? throw new InvalidOperationException("no batch is open");
        _batch = null;
        batch.Commit();
        batch.Dispose();
    }

    public void Rollback()
    {
        if (_batch is not { } batch) return;
        _batch = null;
        batch.Rollback();
        batch.Dispose();
    }

    public void Dispose()
    {
        Rollback();
        foreach (var command in _commands.Values) command.Dispose();
        _commands.Clear();
        Connection.Dispose();
    }

    private SqliteCommand Prepare(string sql, IReadOnlyList<SqlArgument> arguments)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = Connection.CreateCommand();
            command.CommandText = sql;
            _commands.Add(sql, command);
        }
        command.Transaction = _batch;
        command.Parameters.Clear();
        foreach (var argument in arguments) command.Parameters.AddWithValue("@" + argument.Name, argument.Value ?? DBNull.Value);
        return command;
    }
}

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
        using (var pragma = connection.CreateCommand())
        {
            // Outside any transaction: SQLite ignores a journal-mode change inside one.
            pragma.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;";
            pragma.ExecuteNonQuery();
        }
        return new SqliteSession(connection);
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
        // SQLite's online backup cannot read a file database through a connection that holds an open write
        // transaction (SQLITE_BUSY): inside a batch the copy is made row by row through this connection instead,
        // so it sees the batch's uncommitted work as the projector does.
        if (_batch is null) Connection.BackupDatabase(copy.Connection);
        else CopyRowsInto(copy);
        return copy;
    }

    private void CopyRowsInto(SqliteSession copy)
    {
        var objects = new List<(string Type, string Name, string Sql)>();
        Query("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY rowid", [],
            row => objects.Add((row.GetString(0), row.GetString(1), row.GetString(2))));
        using var transaction = copy.Connection.BeginTransaction();
        foreach (var (_, name, sql) in objects.Where(o => o.Type == "table"))
        {
            Run(copy, transaction, sql);
            using var insert = copy.Connection.CreateCommand();
            insert.Transaction = transaction;
            Query($"SELECT * FROM \"{name}\"", [], row =>
            {
                if (insert.Parameters.Count == 0)
                {
                    insert.CommandText = $"INSERT INTO \"{name}\" VALUES({string.Join(", ", Enumerable.Range(0, row.FieldCount).Select(i => "@p" + i))})";
                    for (var i = 0; i < row.FieldCount; i++) insert.Parameters.Add(new SqliteParameter("@p" + i, null));
                }
                for (var i = 0; i < row.FieldCount; i++) insert.Parameters[i].Value = row.GetValue(i);
                insert.ExecuteNonQuery();
            });
        }
        foreach (var (_, _, sql) in objects.Where(o => o.Type != "table")) Run(copy, transaction, sql);
        transaction.Commit();
    }

    private static void Run(SqliteSession session, SqliteTransaction transaction, string sql)
    {
        using var command = session.Connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
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

using System.Data;

namespace Convergence.Domain.Stores;

/// <summary>
/// A region's SQL database as SQL modules see it: statements with named parameters, and queries read
/// row by row. Implemented by a store (SQLite); the module definitions stay free of any driver.
/// </summary>
public interface ISqlSession
{
    /// <summary>Runs one or more statements; in a transaction of their own unless the store has a batch open.</summary>
    void Execute(string sql, IReadOnlyList<SqlArgument> arguments);

    /// <summary>Runs a query and hands each row to <paramref name="row"/>.</summary>
    void Query(string sql, IReadOnlyList<SqlArgument> arguments, Action<IDataRecord> row);

    /// <summary>An independent copy of the whole database, as it is now (uncommitted work included).</summary>
    ISqlSession Snapshot();
}

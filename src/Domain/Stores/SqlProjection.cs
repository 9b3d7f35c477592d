using System.Data;
using Convergence.Domain.Envelope;
using Convergence.Domain.Modules;
using Convergence.Domain.Views;

namespace Convergence.Domain.Stores;

/// <summary>
/// A module's read model kept in a SQL database: each delivery runs the event type's handler, and the
/// view and state are read back through the module's dump queries. Not sealed: a module derives from it
/// to answer its clients' queries in SQL.
/// </summary>
public class SqlProjection(SqlModule module, ISqlSession session) : ModuleProjection
{
    public SqlModule Module { get; } = module;

    public ISqlSession Session { get; } = session;

    public override void Apply(EventEnvelope envelope)
    {
        var handler = Module.HandlerFor(envelope.Payload.GetType())
            ?? throw new ArgumentException($"no SQL handler for {envelope.Payload.GetType().Name}");
        var arguments = SqlEventArguments.Of(envelope);
        if (Module.ExtraArguments is { } extra) arguments.AddRange(extra(envelope));
        Session.Execute(handler.Sql, arguments);
        Changed();
    }

    /// <summary>Called after every delivery: derived classes drop what they cached from the database.</summary>
    protected virtual void Changed()
    {
    }

    public override void Describe(ViewContext context, ViewBuilder view)
    {
        foreach (var query in Module.View) Session.Query(query.Sql, [], row => query.Write(row, context, view));
    }

    public override void DescribeState(ViewBuilder state)
    {
        if (Module.State is { } queries)
        {
            foreach (var query in queries) Session.Query(query.Sql, [], row => query.Write(row, ViewContext.Identity, state));
            return;
        }
        foreach (var table in Module.Tables) DumpTable(table, state);
    }

    /// <summary>A copy over its own snapshot of the database; a region store clones its database once for all its modules.</summary>
    public override ModuleProjection Clone() => Over(Session.Snapshot());

    /// <summary>The same module over another session (a copy of this one's database).</summary>
    public SqlProjection Over(ISqlSession session) => Module.CreateProjection(Module, session);

    // Every row: keyed by its primary key when the table has one (other than an arrival-order seq),
    // else by all its columns; arrival-order columns are left out.
    private void DumpTable(string table, ViewBuilder state)
    {
        var columns = new List<(string Name, int Key)>();
        Session.Query($"SELECT name, pk FROM pragma_table_info('{table}')", [], row => columns.Add((row.GetString(0), (int)row.GetInt64(1))));
        var kept = columns.Where(c => c.Name != "seq").ToArray();
        var keys = kept.Where(c => c.Key > 0).OrderBy(c => c.Key).Select(c => c.Name).ToArray();
        var values = kept.Where(c => c.Key == 0).Select(c => c.Name).ToArray();
        if (keys.Length == 0)
        {
            var all = string.Join(", ", kept.Select(c => c.Name));
            Session.Query($"SELECT {all}, count(*) FROM {table} GROUP BY {all}", [], row =>
                state.Add(Path(table, row, kept.Length), ViewValue.Integer(row.GetInt64(kept.Length))));
            return;
        }
        Session.Query($"SELECT {string.Join(", ", keys.Concat(values))} FROM {table}", [], row =>
            state.Add(Path(table, row, keys.Length), ViewValue.ListOf(Enumerable.Range(keys.Length, values.Length).Select(i => SqlValues.ToView(row, i)))));
    }

    private static ViewPath Path(string table, IDataRecord row, int count)
    {
        var path = new ViewValue[count + 1];
        path[0] = table;
        for (var i = 0; i < count; i++) path[i + 1] = SqlValues.ToView(row, i);
        return ViewPath.Create(path);
    }
}

using System.Text.RegularExpressions;
using Convergence.Domain.Envelope;

namespace Convergence.Domain.Stores;

/// <summary>
/// A module's handlers written in SQL (SQLite's dialect): the schema, one handler per event type run
/// in a transaction with parameters bound from the event, and the canonical dump — the queries whose
/// rows become the view the laws compare. The state level defaults to every row of every table of the
/// schema (columns named <c>seq</c> hold arrival order and are left out: lists compare as sets).
/// </summary>
public sealed partial class SqlModule
{
    private readonly Dictionary<Type, SqlHandler> _handlers;

    public SqlModule(string schema, IEnumerable<SqlHandler> handlers, IReadOnlyList<SqlDumpQuery> view)
    {
        Schema = schema;
        _handlers = handlers.ToDictionary(h => h.EventType);
        View = view;
        Tables = [.. CreateTable().Matches(schema).Select(m => m.Groups["name"].Value)];
        if (Tables.Count == 0) throw new ArgumentException("a SQL module's schema creates at least one table", nameof(schema));
    }

    public string Schema { get; }

    public IReadOnlyCollection<SqlHandler> Handlers => _handlers.Values;

    public IReadOnlyList<SqlDumpQuery> View { get; }

    /// <summary>The state-level dump; null for every row of every table in <see cref="Tables"/>.</summary>
    public IReadOnlyList<SqlDumpQuery>? State { get; init; }

    /// <summary>Parameters a handler needs beyond the event's fields (a normalised key, say).</summary>
    public Func<EventEnvelope, IEnumerable<SqlArgument>>? ExtraArguments { get; init; }

    /// <summary>The projection over a session; override to offer the queries a module's clients use.</summary>
    public Func<SqlModule, ISqlSession, SqlProjection> CreateProjection { get; init; } = (module, session) => new SqlProjection(module, session);

    /// <summary>The tables the schema creates, in its order.</summary>
    public IReadOnlyList<string> Tables { get; }

    public SqlHandler? HandlerFor(Type eventType) => _handlers.GetValueOrDefault(eventType);

    [GeneratedRegex(@"CREATE\s+TABLE\s+(IF\s+NOT\s+EXISTS\s+)?(?<name>\w+)", RegexOptions.IgnoreCase)]
    private static partial Regex CreateTable();
}

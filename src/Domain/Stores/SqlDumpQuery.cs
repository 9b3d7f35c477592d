using System.Data;
using Convergence.Domain.Views;

namespace Convergence.Domain.Stores;

/// <summary>
/// One query of a SQL module's canonical dump and how each of its rows becomes view entries; the
/// order rows come in does not matter (a view is a set of entries).
/// </summary>
public sealed record SqlDumpQuery(string Sql, Action<IDataRecord, ViewContext, ViewBuilder> Write)
{
    /// <summary>
    /// Rows written as they are: every column but the last is a path segment after <paramref name="prefix"/>,
    /// the last is the value (TEXT, INTEGER or REAL; a NULL value writes nothing).
    /// </summary>
    public static SqlDumpQuery Rows(string sql, params ViewValue[] prefix) => new(sql, (row, _, view) =>
    {
        var last = row.FieldCount - 1;
        if (row.IsDBNull(last)) return;
        var path = new ViewValue[prefix.Length + last];
        prefix.CopyTo(path, 0);
        for (var i = 0; i < last; i++) path[prefix.Length + i] = SqlValues.ToView(row, i);
        view.Add(ViewPath.Create(path), SqlValues.ToView(row, last));
    });

    public override string ToString() => Sql;
}

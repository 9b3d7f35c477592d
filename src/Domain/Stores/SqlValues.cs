using System.Data;
using System.Text.Json;
using Convergence.Domain.Views;

namespace Convergence.Domain.Stores;

/// <summary>How SQL column values become typed view values.</summary>
public static class SqlValues
{
    /// <summary>SQL NULL in a dump: an empty list, which no scalar column value can be.</summary>
    public static ViewValue Null { get; } = ViewValue.ListOf();

    /// <summary>The typed value of column <paramref name="i"/>: INTEGER, REAL and TEXT as such, NULL as <see cref="Null"/>.</summary>
    public static ViewValue ToView(IDataRecord row, int i)
    {
        if (row.IsDBNull(i)) return Null;
        return row.GetValue(i) switch
        {
            long l => ViewValue.Integer(l),
            int n => ViewValue.Integer(n),
            double d => ViewValue.Real(d),
            string s => ViewValue.Text(s),
            byte[] bytes => ViewValue.Text(Convert.ToBase64String(bytes)),
            var other => ViewValue.Text(Convert.ToString(other, System.Globalization.CultureInfo.InvariantCulture) ?? ""),
        };
    }

    /// <summary>The texts of a JSON array column (as <c>json_group_array</c> writes it); NULL is empty.</summary>
    public static IReadOnlyList<string> TextArray(IDataRecord row, int i)
    {
        if (row.IsDBNull(i)) return [];
        using var json = JsonDocument.Parse(row.GetString(i));
        return [.. json.RootElement.EnumerateArray().Select(e => e.GetString() ?? "")];
    }

    public static string? TextOrNull(IDataRecord row, int i) => row.IsDBNull(i) ? null : row.GetString(i);

    public static double? RealOrNull(IDataRecord row, int i) => row.IsDBNull(i) ? null : row.GetDouble(i);
}

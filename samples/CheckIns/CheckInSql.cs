using Convergence.Domain.Stores;

namespace Convergence.Samples.CheckIns;

/// <summary>
/// The check-in handler written in SQL (for <c>--store sqlite</c>): the same set of check-in ids per place
/// and user, counted only when the view is read — grouped by surviving account through the social
/// module's <c>canonical</c> view, which lives in the same region database.
/// </summary>
public static class CheckInSql
{
    public static SqlModule Module { get; } = new(
        schema: """
            CREATE TABLE checkins(place TEXT, user_id TEXT, checkin TEXT, PRIMARY KEY(place, user_id, checkin));
            """,
        handlers:
        [
            // A set row keyed by the event id: a redelivery inserts nothing.
            SqlHandler.On<CheckedIn>("INSERT OR IGNORE INTO checkins(place, user_id, checkin) VALUES(@Place, @User, @event_id);"),
        ],
        view:
        [
            new("""
                WITH per_account AS (
                  SELECT k.place, COALESCE(c.survivor, k.user_id) AS account, count(DISTINCT k.checkin) AS n
                  FROM checkins k LEFT JOIN canonical c ON c.user_id = k.user_id
                  GROUP BY k.place, account),
                ranked AS (
                  SELECT place, account, n,
                    row_number() OVER (PARTITION BY place ORDER BY n DESC, account) AS rank,
                    count(*) OVER (PARTITION BY place) AS visitors
                  FROM per_account)
                SELECT place, visitors, account, n FROM ranked WHERE rank = 1
                """, (row, _, view) =>
            {
                var place = row.GetString(0);
                view.Add(["places", place, "visitors"], row.GetInt64(1));
                view.Add(["places", place, "mayor"], row.GetString(2));
                view.Add(["places", place, "mayor-check-ins"], row.GetInt64(3));
            }),
        ]);
}

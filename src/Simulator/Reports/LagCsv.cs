using System.Globalization;
using System.Text;
using Convergence.Simulator.Runs;

namespace Convergence.Simulator.Reports;

/// <summary><c>lag.csv</c>: one row per event and region, in append order then region order (empty applied/lag: never applied).</summary>
public static class LagCsv
{
    public const string Header = "event,origin,region,appended_ms,applied_ms,lag_ms,deliveries";

    public static void Write(RunRecord run, TextWriter writer)
    {
        writer.Write(Header);
        writer.Write('\n');
        var line = new StringBuilder(96);
        var regions = run.Scenario.Regions;
        for (var i = 0; i < run.EventCount; i++)
        {
            var appended = run.AppendedAtUs(i);
            var id = run.Envelopes[i].Id.Value;
            var origin = regions[run.OriginOf(i)].Value;
            for (var r = 0; r < run.RegionCount; r++)
            {
                var applied = run.FirstApplyUs(r, i);
                line.Clear()
                    .Append(id).Append(',').Append(origin).Append(',').Append(regions[r].Value).Append(',')
                    .Append(Ms(appended)).Append(',')
                    .Append(applied >= 0 ? Ms(applied) : "").Append(',')
                    .Append(applied >= 0 ? Ms(applied - appended) : "").Append(',')
                    .Append(run.ApplyCount(r, i).ToString(CultureInfo.InvariantCulture)).Append('\n');
                writer.Write(line);
            }
        }
    }

    private static string Ms(long us) => (us / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);
}

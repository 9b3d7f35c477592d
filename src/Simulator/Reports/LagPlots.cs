using Convergence.Simulator.Metrics;
using Convergence.Simulator.Runs;
using ScottPlot;

namespace Convergence.Simulator.Reports;

/// <summary>The two plots of a report: lag over time per region (faults shaded, heals marked) and lag quantiles per region.</summary>
public static class LagPlots
{
    private const int Width = 1200;
    private const int Height = 600;

    public static void WriteLagOverTime(RunRecord run, string path)
    {
        var plot = new Plot();
        var (times, staleness) = StalenessSeries.Compute(run);
        var maxLag = 1.0;
        foreach (var series in staleness) foreach (var v in series) maxLag = Math.Max(maxLag, v);

        var palette = new ScottPlot.Palettes.Category10();
        var faultColor = Colors.OrangeRed.WithAlpha(0.12);
        var shadedLegend = false;
        foreach (var fault in run.Faults)
        {
            var end = fault.EndUs ?? run.EndUs;
            var span = plot.Add.HorizontalSpan(fault.StartUs / 1e6, Math.Max(end, fault.StartUs + 1000) / 1e6, faultColor);
            span.LineWidth = 0;
            if (!shadedLegend)
            {
                span.LegendText = "fault window";
                shadedLegend = true;
            }
        }
        for (var r = 0; r < staleness.Length; r++)
        {
            var line = plot.Add.ScatterLine(times, staleness[r], palette.GetColor(r));
            line.LineWidth = 2;
            line.MarkerSize = 0;
            line.LegendText = run.Scenario.Regions[r].Value;
        }
        var healLegend = false;
        foreach (var heal in run.Heals)
        {
            var marker = plot.Add.VerticalLine(heal.AtUs / 1e6, 1.5f, heal.IsFinal ? Colors.Black : Colors.DarkGreen, LinePattern.Dashed);
            marker.Text = heal.IsFinal ? "heal all" : "heal";
            marker.LabelFontSize = 11;
            if (!healLegend && !heal.IsFinal)
            {
                marker.LegendText = "heal";
                healLegend = true;
            }
        }
        plot.Title($"{run.Scenario.Name} (seed {run.Scenario.Seed}): age of the oldest event not yet applied, per region");
        // The simulator's clock is virtual; a live engine's is the wall clock.
        plot.XLabel(run.Engine == "simulated" ? "virtual time (s)" : "wall-clock time since start (s)");
        plot.YLabel("lag (ms)");
        plot.Axes.SetLimitsY(0, maxLag * 1.1);
        plot.Axes.SetLimitsX(0, Math.Max(run.EndUs, 1) / 1e6 * 1.04);
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, Width, Height);
    }

    public static void WriteQuantiles(RunMetrics metrics, RunRecord run, string path)
    {
        var plot = new Plot();
        var names = new[] { "p50", "p95", "p99", "max" };
        var colors = new[] { Colors.SteelBlue, Colors.SeaGreen, Colors.DarkOrange, Colors.FireBrick };
        var bars = new List<Bar>();
        var ticks = new List<Tick>();
        var top = 1.0;
        for (var r = 0; r < metrics.Regions.Count; r++)
        {
            var lag = metrics.Regions[r].Lag;
            var values = new[] { lag.P50Ms, lag.P95Ms, lag.P99Ms, lag.MaxMs };
            for (var q = 0; q < values.Length; q++)
            {
                // A log scale: p50 of tens of ms and a max of tens of seconds side by side; bars start at 1 ms.
                var height = Math.Log10(Math.Max(1, values[q]));
                top = Math.Max(top, height);
                bars.Add(new Bar { Position = r * 5 + q, Value = height, FillColor = colors[q], Label = $"{values[q]:0}" });
            }
            ticks.Add(new Tick(r * 5 + 1.5, metrics.Regions[r].Region));
        }
        var plotted = plot.Add.Bars(bars);
        plotted.ValueLabelStyle.FontSize = 11;
        for (var q = 0; q < names.Length; q++) plot.Legend.ManualItems.Add(new LegendItem { LabelText = names[q], FillColor = colors[q] });
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks.ToArray());
        var decades = new List<Tick>();
        for (var d = 0; d <= Math.Ceiling(top); d++) decades.Add(new Tick(d, d < 3 ? $"{Math.Pow(10, d):0} ms" : $"{Math.Pow(10, d - 3):0} s"));
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(decades.ToArray());
        plot.Axes.SetLimitsY(0, Math.Ceiling(top) + 0.8);
        plot.Title($"{run.Scenario.Name} (seed {run.Scenario.Seed}): lag of events from other regions, per region (log scale)");
        plot.YLabel("lag");
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, Width, Height);
    }
}

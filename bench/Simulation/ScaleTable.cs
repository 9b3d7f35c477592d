using System.Diagnostics;
using System.Globalization;
using Convergence.Domain.Modules;

namespace Convergence.Benchmarks.Simulation;

/// <summary>
/// <c>scale [REGIONS...] [DURATIONS...]</c>: the user run of <see cref="SocialSimulationBenchmarks"/> once per shape
/// (after one warm-up), printing simulated time per CPU second and CPU cost per event. CPU is the process's
/// user+sys (GC threads included), which holds better than wall time on a shared machine; the load average is
/// printed beside each row because it still does not hold perfectly.
/// </summary>
public static class ScaleTable
{
    public static async Task RunAsync(string[] args)
    {
        var regions = args.Skip(1).Where(a => int.TryParse(a, out _)).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).DefaultIfEmpty().ToArray();
        if (regions is [0]) regions = [3, 5];
        var durations = args.Skip(1).Where(a => !int.TryParse(a, out _)).DefaultIfEmpty().ToArray();
        if (durations is [null]) durations = ["1m", "10m", "1h"];
        var catalog = DomainCatalog.SocialNetwork();
        await UserRun.RunAsync(catalog, 3, "10s");

        Console.WriteLine("| regions | duration | events | CPU s | simulated / CPU s | CPU µs per event | allocated MB | verdict | load 1 min |");
        Console.WriteLine("| ---: | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: |");
        foreach (var r in regions)
        {
            foreach (var d in durations)
            {
                var process = Process.GetCurrentProcess();
                var cpu = process.TotalProcessorTime;
                var allocated = GC.GetTotalAllocatedBytes(precise: false);
                var outcome = await UserRun.RunAsync(catalog, r, d!);
                process.Refresh();
                var cpuS = (process.TotalProcessorTime - cpu).TotalSeconds;
                var events = outcome.Record.EventCount;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {r} | {d} | {events} | {cpuS:0.00} | {outcome.Record.EndUs / 1e6 / cpuS:0}x | {cpuS * 1e6 / events:0.0} | " +
                    $"{(GC.GetTotalAllocatedBytes(precise: false) - allocated) / 1e6:0} | {outcome.Status} | {LoadAverage()} |"));
            }
        }
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
}

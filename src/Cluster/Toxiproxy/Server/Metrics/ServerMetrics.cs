using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace Convergence.Cluster.Toxiproxy;

/// <summary>
/// What <c>/metrics</c> serves: Toxiproxy's per-link byte counters (<c>toxiproxy_proxy_received_bytes_total</c>,
/// <c>toxiproxy_proxy_sent_bytes_total</c>, labelled direction, proxy, listener, upstream) and process figures
/// under the names Prometheus' process collector uses.
/// </summary>
internal sealed class ServerMetrics(bool proxyMetrics, bool runtimeMetrics)
{
    private readonly ConcurrentDictionary<(string Direction, string Proxy, string Listener, string Upstream), LinkCounter> links = new();

    public bool Enabled => proxyMetrics || runtimeMetrics;

    /// <summary>The counter a new link adds to; null when proxy metrics are off (the data path then counts nothing).</summary>
    public LinkCounter? ForLink(ToxicDirection direction, string proxy, string listener, string upstream) =>
        proxyMetrics ? links.GetOrAdd((direction.ToWireName(), proxy, listener, upstream), _ => new LinkCounter()) : null;

    public string Render()
    {
        var text = new StringBuilder();
        if (runtimeMetrics)
        {
            RenderProcess(text);
        }

        // Families in name order, as the Go client gathers them.
        PrometheusText.Family(text, "promhttp_metric_handler_errors_total", "counter", "Total number of internal errors encountered by the promhttp metric handler.");
        PrometheusText.Sample(text, "promhttp_metric_handler_errors_total", 0, ("cause", "encoding"));
        PrometheusText.Sample(text, "promhttp_metric_handler_errors_total", 0, ("cause", "gathering"));
        if (proxyMetrics && !links.IsEmpty)
        {
            var snapshot = links.OrderBy(l => l.Key).ToArray();
            RenderLinks(text, "toxiproxy_proxy_received_bytes_total", snapshot, c => c.Received);
            RenderLinks(text, "toxiproxy_proxy_sent_bytes_total", snapshot, c => c.Sent);
        }

        return text.ToString();
    }

    private static void RenderLinks(
        StringBuilder text,
        string name,
        KeyValuePair<(string Direction, string Proxy, string Listener, string Upstream), LinkCounter>[] snapshot,
        Func<LinkCounter, long> value)
    {
        // Toxiproxy registers these without help text; the Go client still writes the HELP line.
        PrometheusText.Family(text, name, "counter", "");
        foreach (var (key, counter) in snapshot)
        {
            PrometheusText.Sample(text, name, value(counter),
                ("direction", key.Direction), ("proxy", key.Proxy), ("listener", key.Listener), ("upstream", key.Upstream));
        }
    }

    private static void RenderProcess(StringBuilder text)
    {
        using var process = Process.GetCurrentProcess();
        var gcInfo = GC.GetGCMemoryInfo();
        PrometheusText.Family(text, "dotnet_gc_collections_total", "counter", "Garbage collections since the process started, by generation.");
        for (var generation = 0; generation <= GC.MaxGeneration; generation++)
        {
            PrometheusText.Sample(text, "dotnet_gc_collections_total", GC.CollectionCount(generation), ("generation", generation.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        PrometheusText.Family(text, "dotnet_gc_heap_size_bytes", "gauge", "Bytes in the managed heap after the last garbage collection.");
        PrometheusText.Sample(text, "dotnet_gc_heap_size_bytes", gcInfo.HeapSizeBytes);
        PrometheusText.Family(text, "dotnet_threadpool_threads", "gauge", "Thread pool threads.");
        PrometheusText.Sample(text, "dotnet_threadpool_threads", ThreadPool.ThreadCount);

        PrometheusText.Family(text, "process_cpu_seconds_total", "counter", "Total user and system CPU time spent in seconds.");
        PrometheusText.Sample(text, "process_cpu_seconds_total", process.TotalProcessorTime.TotalSeconds);
        if (OperatingSystem.IsLinux())
        {
            PrometheusText.Family(text, "process_max_fds", "gauge", "Maximum number of open file descriptors.");
            PrometheusText.Sample(text, "process_max_fds", MaxOpenFiles());
            PrometheusText.Family(text, "process_open_fds", "gauge", "Number of open file descriptors.");
            PrometheusText.Sample(text, "process_open_fds", Directory.EnumerateFileSystemEntries("/proc/self/fd").Count());
        }

        PrometheusText.Family(text, "process_resident_memory_bytes", "gauge", "Resident memory size in bytes.");
        PrometheusText.Sample(text, "process_resident_memory_bytes", process.WorkingSet64);
        PrometheusText.Family(text, "process_start_time_seconds", "gauge", "Start time of the process since unix epoch in seconds.");
        PrometheusText.Sample(text, "process_start_time_seconds", new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeMilliseconds() / 1000.0);
        PrometheusText.Family(text, "process_virtual_memory_bytes", "gauge", "Virtual memory size in bytes.");
        PrometheusText.Sample(text, "process_virtual_memory_bytes", process.VirtualMemorySize64);
    }

    private static double MaxOpenFiles()
    {
        foreach (var line in File.ReadLines("/proc/self/limits"))
        {
            if (line.StartsWith("Max open files", StringComparison.Ordinal))
            {
                var fields = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return double.TryParse(fields[0], System.Globalization.CultureInfo.InvariantCulture, out var soft) ? soft : double.PositiveInfinity;
            }
        }

        return double.NaN;
    }
}

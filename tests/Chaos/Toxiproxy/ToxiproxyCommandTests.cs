using System.Net;
using System.Net.Sockets;
using Convergence.Chaos.Tests.Support;
using Convergence.Cli;
using Convergence.Cluster.Toxiproxy;
using Spectre.Console;
using Xunit;

namespace Convergence.Chaos.Tests.Toxiproxy;

/// <summary><c>convergence toxiproxy</c>: a busy port, a <c>--config</c> file, and <c>/metrics</c> when asked for.</summary>
[Collection(ToxiproxyCollection.Name)]
public sealed class ToxiproxyCommandTests
{
    [Fact]
    public async Task A_second_server_on_a_busy_port_exits_2_with_one_line()
    {
        await using var first = await ToxiproxyServer.StartAsync();

        var (exitCode, output) = await RunAsync(CancellationToken.None, "toxiproxy", "--port", first.EndPoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(2, exitCode);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("address already in use", line, StringComparison.OrdinalIgnoreCase);
        using var client = first.CreateClient();
        Assert.Equal("2.12.0", await client.VersionAsync());
    }

    [Fact]
    public async Task A_config_file_creates_its_proxies_at_start()
    {
        var config = Path.Combine(Path.GetTempPath(), $"toxiproxy-config-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(config, "[{\"name\":\"from-file\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:1\"}]");
        try
        {
            var port = FreePort();
            using var stop = new CancellationTokenSource();
            var running = RunAsync(stop.Token, "toxiproxy", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--config", config);
            using var client = new ToxiproxyClient(new Uri($"http://127.0.0.1:{port}/"));

            await Eventually.TrueAsync(async () => await TryCountAsync(client) == 1, ProxyHarness.Patience, "the config's proxy never appeared");

            await stop.CancelAsync();
            var (exitCode, _) = await running.WaitAsync(ProxyHarness.Patience);
            Assert.Equal(0, exitCode);
        }
        finally
        {
            File.Delete(config);
        }
    }

    [Fact]
    public async Task A_config_file_that_cannot_be_populated_exits_2_with_one_line()
    {
        var config = Path.Combine(Path.GetTempPath(), $"toxiproxy-config-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(config, "[{\"name\":\"no-upstream\"}]");
        try
        {
            var (exitCode, output) = await RunAsync(CancellationToken.None, "toxiproxy", "--port", "0", "--config", config);

            Assert.Equal(2, exitCode);
            Assert.Contains("missing required field: upstream at proxy 1", Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        }
        finally
        {
            File.Delete(config);
        }
    }

    [Fact]
    public async Task Metrics_count_the_bytes_of_each_link_in_prometheus_text_only_when_asked_for()
    {
        await using var plain = await ToxiproxyServer.StartAsync();
        await using var echo = EchoServer.Start();
        await using var server = await ToxiproxyServer.StartAsync(new ToxiproxyServerOptions { ProxyMetrics = true });
        using var client = server.CreateClient();
        var proxy = await client.AddAsync(new Proxy { Name = "m", Upstream = echo.Address });
        using (var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            await socket.ConnectAsync(IPEndPoint.Parse(proxy.Listen));
            await ProxyHarness.RoundTripAsync(socket, new byte[1_048_576], ProxyHarness.Patience);
        }

        using var http = new HttpClient();
        using var off = await http.GetAsync(new Uri(plain.BaseAddress, "metrics"));
        using var on = await http.GetAsync(new Uri(server.BaseAddress, "metrics"));
        var text = await on.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, off.StatusCode);
        Assert.Equal("text/plain", on.Content.Headers.ContentType?.MediaType);
        Assert.Contains("# TYPE toxiproxy_proxy_sent_bytes_total counter\n", text);
        Assert.Contains($"toxiproxy_proxy_received_bytes_total{{direction=\"upstream\",listener=\"{proxy.Listen}\",proxy=\"m\",upstream=\"{echo.Address}\"}} 1.048576e+06\n", text);
        Assert.Contains($"toxiproxy_proxy_sent_bytes_total{{direction=\"downstream\",listener=\"{proxy.Listen}\",proxy=\"m\",upstream=\"{echo.Address}\"}} 1.048576e+06\n", text);
    }

    [Theory]
    [InlineData(0, "0")]
    [InlineData(1, "1")]
    [InlineData(999_999, "999999")]
    [InlineData(1_000_000, "1e+06")]
    [InlineData(1_048_576, "1.048576e+06")]
    [InlineData(0.25, "0.25")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(1764000000.5, "1.7640000005e+09")]
    public void Values_are_written_as_gos_shortest_g_format(double value, string expected)
    {
        Assert.Equal(expected, PrometheusText.FormatValue(value));
    }

    private static async Task<int?> TryCountAsync(ToxiproxyClient client)
    {
        try
        {
            return (await client.AllAsync()).Count;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(CancellationToken cancellationToken, params string[] args)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 400;
        var exitCode = await CliApp.Create(console).RunAsync(args, cancellationToken);
        return (exitCode, writer.ToString());
    }
}

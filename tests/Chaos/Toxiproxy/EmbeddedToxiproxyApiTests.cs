using System.Net;
using System.Net.Sockets;
using System.Text;
using Convergence.Cluster.Toxiproxy;
using Xunit;

namespace Convergence.Chaos.Tests.Toxiproxy;

/// <summary>
/// The embedded server's REST API over raw HTTP where only the embedded server is checked: byte-for-byte bodies,
/// its deliberate differences (bad rates and toxicity refused) and its own edge cases. What any Toxiproxy must do
/// is in <see cref="Conformance.ToxiproxyConformanceTests"/>.
/// </summary>
[Collection(ToxiproxyCollection.Name)]
public sealed class EmbeddedToxiproxyApiTests : IAsyncLifetime
{
    private ToxiproxyServer server = null!;
    private HttpClient http = null!;

    public async Task InitializeAsync()
    {
        server = await ToxiproxyServer.StartAsync(new ToxiproxyServerOptions { Random = new Random(1) });
        http = new HttpClient { BaseAddress = server.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await server.DisposeAsync();
    }

    [Theory]
    [InlineData("{\"upstream\":\"127.0.0.1:1\"}", 400, "missing required field: name")]
    [InlineData("{\"name\":\"p\"}", 400, "missing required field: upstream")]
    [InlineData("{\"name\":\"\",\"upstream\":\"127.0.0.1:1\"}", 400, "missing required field: name")]
    public async Task Creating_a_proxy_without_a_required_field_is_refused(string body, int status, string message)
    {
        await AssertErrorAsync(await PostAsync("proxies", body), status, message);
    }

    [Fact]
    public async Task A_malformed_proxy_body_is_a_bad_request()
    {
        using var response = await PostAsync("proxies", "{\"name\":");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("{\"error\":\"bad request body: ", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_empty_proxy_body_is_a_bad_request_like_go_reports_it()
    {
        await AssertErrorAsync(await PostAsync("proxies", ""), 400, "bad request body: EOF");
    }

    [Fact]
    public async Task Creating_a_proxy_answers_201_with_the_bound_listen_address()
    {
        using var response = await PostAsync("proxies", "{\"name\":\"p\",\"upstream\":\"127.0.0.1:1\"}");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Matches("^\\{\"name\":\"p\",\"listen\":\"127\\.0\\.0\\.1:[1-9][0-9]*\",\"upstream\":\"127\\.0\\.0\\.1:1\",\"enabled\":true,\"toxics\":\\[\\]\\}$", body);
    }

    [Fact]
    public async Task Creating_a_proxy_twice_is_a_conflict()
    {
        (await PostAsync("proxies", "{\"name\":\"p\",\"upstream\":\"127.0.0.1:1\"}")).Dispose();

        await AssertErrorAsync(await PostAsync("proxies", "{\"name\":\"p\",\"upstream\":\"127.0.0.1:1\"}"), 409, "proxy already exists");
    }

    [Fact]
    public async Task Listening_on_an_address_in_use_is_a_server_error()
    {
        using var occupied = new TcpListener(IPAddress.Loopback, 0);
        occupied.Start();
        var port = ((IPEndPoint)occupied.LocalEndpoint).Port;

        using var response = await PostAsync("proxies", $"{{\"name\":\"p\",\"listen\":\"127.0.0.1:{port}\",\"upstream\":\"127.0.0.1:1\"}}");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains($"listen tcp 127.0.0.1:{port}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Pascal_case_keys_from_dotnet_clients_are_accepted()
    {
        using var created = await PostAsync("proxies", "{\"Name\":\"p\",\"Upstream\":\"127.0.0.1:1\",\"Enabled\":false}");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Contains("\"enabled\":false", await created.Content.ReadAsStringAsync());

        using var toxic = await PostAsync("proxies/p/toxics", "{\"Name\":\"lag\",\"Type\":\"latency\",\"Stream\":\"UpStream\",\"Toxicity\":0.5,\"Attributes\":{\"Latency\":100,\"Jitter\":5}}");

        Assert.Equal(HttpStatusCode.OK, toxic.StatusCode);
        Assert.Equal(
            "{\"attributes\":{\"latency\":100,\"jitter\":5},\"name\":\"lag\",\"type\":\"latency\",\"stream\":\"upstream\",\"toxicity\":0.5}",
            await toxic.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("GET", "proxies/missing")]
    [InlineData("POST", "proxies/missing")]
    [InlineData("DELETE", "proxies/missing")]
    [InlineData("GET", "proxies/missing/toxics")]
    [InlineData("POST", "proxies/missing/toxics")]
    [InlineData("GET", "proxies/missing/toxics/t")]
    public async Task An_unknown_proxy_is_not_found(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = Json("{}") };

        await AssertErrorAsync(await http.SendAsync(request), 404, "proxy not found");
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    [InlineData("DELETE")]
    public async Task An_unknown_toxic_is_not_found(string method)
    {
        await CreateProxyAsync("p");
        using var request = new HttpRequestMessage(new HttpMethod(method), "proxies/p/toxics/missing") { Content = Json("{}") };

        await AssertErrorAsync(await http.SendAsync(request), 404, "toxic not found");
    }

    [Theory]
    [InlineData("{\"type\":\"latency\",\"stream\":\"\"}", 400, "stream was invalid, can be either upstream or downstream")]
    [InlineData("{\"type\":\"latency\",\"stream\":\"sideways\"}", 400, "stream was invalid, can be either upstream or downstream")]
    [InlineData("{\"type\":\"no_such_toxic\"}", 400, "invalid toxic type")]
    [InlineData("{}", 400, "invalid toxic type")]
    [InlineData("{\"type\":\"bandwidth\",\"attributes\":{\"rate\":0}}", 400, "invalid attribute: rate must be greater than 0")]
    [InlineData("{\"type\":\"bandwidth\",\"attributes\":{\"rate\":-5}}", 400, "invalid attribute: rate must not be negative")]
    [InlineData("{\"type\":\"bandwidth\"}", 400, "invalid attribute: rate must be greater than 0")]
    [InlineData("{\"type\":\"latency\",\"attributes\":{\"latency\":\"fast\"}}", 400, "bad request body: attribute latency must be an integer")]
    [InlineData("{\"type\":\"latency\",\"toxicity\":1.5}", 400, "invalid attribute: toxicity must be between 0 and 1")]
    public async Task A_bad_toxic_is_refused_with_its_reason(string body, int status, string message)
    {
        await CreateProxyAsync("p");

        await AssertErrorAsync(await PostAsync("proxies/p/toxics", body), status, message);
    }

    [Fact]
    public async Task A_toxic_name_defaults_to_type_and_stream_and_must_be_unique()
    {
        await CreateProxyAsync("p");

        using var created = await PostAsync("proxies/p/toxics", "{\"type\":\"latency\",\"stream\":\"DOWNSTREAM\"}");
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Contains("\"name\":\"latency_downstream\"", await created.Content.ReadAsStringAsync());

        await AssertErrorAsync(await PostAsync("proxies/p/toxics", "{\"type\":\"latency\"}"), 409, "toxic already exists");
        // Names are unique across directions too.
        await AssertErrorAsync(
            await PostAsync("proxies/p/toxics", "{\"name\":\"latency_downstream\",\"type\":\"latency\",\"stream\":\"upstream\"}"),
            409,
            "toxic already exists");
    }

    [Fact]
    public async Task Updating_a_toxic_with_rate_zero_is_refused()
    {
        await CreateProxyAsync("p");
        (await PostAsync("proxies/p/toxics", "{\"name\":\"bw\",\"type\":\"bandwidth\",\"attributes\":{\"rate\":100}}")).Dispose();

        await AssertErrorAsync(await PostAsync("proxies/p/toxics/bw", "{\"attributes\":{\"rate\":0}}"), 400, "invalid attribute: rate must be greater than 0");
    }

    [Fact]
    public async Task Updating_a_toxic_changes_only_attributes_and_toxicity()
    {
        await CreateProxyAsync("p");
        (await PostAsync("proxies/p/toxics", "{\"name\":\"lag\",\"type\":\"latency\",\"attributes\":{\"latency\":100,\"jitter\":10}}")).Dispose();

        using var request = new HttpRequestMessage(HttpMethod.Patch, "proxies/p/toxics/lag")
        {
            Content = Json("{\"type\":\"timeout\",\"stream\":\"upstream\",\"toxicity\":0.25,\"attributes\":{\"latency\":300}}"),
        };
        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            "{\"attributes\":{\"latency\":300,\"jitter\":10},\"name\":\"lag\",\"type\":\"latency\",\"stream\":\"downstream\",\"toxicity\":0.25}",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Deleting_answers_204_and_reset_answers_204()
    {
        await CreateProxyAsync("p");
        (await PostAsync("proxies/p/toxics", "{\"name\":\"n\",\"type\":\"noop\"}")).Dispose();

        using var deleteToxic = await http.DeleteAsync("proxies/p/toxics/n");
        using var reset = await PostAsync("reset", "");
        using var deleteProxy = await http.DeleteAsync("proxies/p");

        Assert.Equal(HttpStatusCode.NoContent, deleteToxic.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, deleteProxy.StatusCode);
        Assert.Equal(0, server.ProxyCount);
    }

    [Fact]
    public async Task Browsers_are_refused_with_403()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "proxies");
        request.Headers.TryAddWithoutValidation("User-Agent", "Mozilla/5.0 (X11; Linux x86_64)");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Unknown_paths_are_404_and_wrong_methods_405()
    {
        using var unknown = await http.GetAsync("nothing/here");
        using var wrongMethod = await http.DeleteAsync("version");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("404 page not found\n", await unknown.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
        Assert.Empty(await wrongMethod.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Chunked_request_bodies_are_read()
    {
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("{\"name\":\"chunky\",\"upstream\":\"127.0.0.1:1\"}")));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "proxies") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Garbage_on_the_api_port_gets_400_and_does_not_stop_the_server()
    {
        using (var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            await socket.ConnectAsync(server.EndPoint);
            await socket.SendAsync("NONSENSE\r\n\r\n"u8.ToArray(), SocketFlags.None);
            var buffer = new byte[1024];
            using var timeout = new CancellationTokenSource(ProxyHarness.Patience);
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            Assert.StartsWith("HTTP/1.1 400", Encoding.ASCII.GetString(buffer, 0, read));
        }

        using var response = await http.GetAsync("version");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private Task<HttpResponseMessage> PostAsync(string path, string body) => http.PostAsync(path, Json(body));

    private async Task CreateProxyAsync(string name)
    {
        using var response = await PostAsync("proxies", $"{{\"name\":\"{name}\",\"upstream\":\"127.0.0.1:1\"}}");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private static async Task AssertErrorAsync(HttpResponseMessage response, int status, string message)
    {
        using (response)
        {
            Assert.Equal(status, (int)response.StatusCode);
            Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal($"{{\"error\":\"{message}\",\"status\":{status}}}\n", await response.Content.ReadAsStringAsync());
        }
    }
}

using Convergence.Cluster.Toxiproxy;
using Xunit;

namespace Convergence.Chaos.Tests.Toxiproxy;

/// <summary>Choosing between an external Toxiproxy and the embedded server.</summary>
[Collection(ToxiproxyCollection.Name)]
public sealed class ToxiproxyBackendTests
{
    [Fact]
    public async Task Without_a_url_it_starts_and_owns_an_embedded_server()
    {
        var backend = await ToxiproxyBackend.ResolveAsync(null, environmentUrl: null, embeddedOptions: null, CancellationToken.None);
        var baseAddress = backend.BaseAddress;
        await using (backend)
        {
            Assert.True(backend.IsEmbedded);
            Assert.Equal("2.12.0", await backend.Client.VersionAsync());
        }

        using var after = new HttpClient { BaseAddress = baseAddress };
        await Assert.ThrowsAsync<HttpRequestException>(() => after.GetAsync("version"));
    }

    [Fact]
    public async Task A_url_argument_wins_over_the_environment_and_uses_the_server_there()
    {
        await using var external = await ToxiproxyServer.StartAsync();

        await using var backend = await ToxiproxyBackend.ResolveAsync(
            external.BaseAddress.ToString(), environmentUrl: "http://127.0.0.1:1/", embeddedOptions: null, CancellationToken.None);
        await backend.Client.AddAsync(new Proxy { Name = "seen-externally", Upstream = "127.0.0.1:1" });

        Assert.False(backend.IsEmbedded);
        Assert.Equal(1, external.ProxyCount);
    }

    [Fact]
    public async Task The_environment_url_is_used_when_no_argument_is_given()
    {
        await using var external = await ToxiproxyServer.StartAsync();

        await using var backend = await ToxiproxyBackend.ResolveAsync(
            null, environmentUrl: external.BaseAddress.ToString().TrimEnd('/'), embeddedOptions: null, CancellationToken.None);

        Assert.False(backend.IsEmbedded);
        Assert.Equal(external.BaseAddress, backend.BaseAddress);
    }

    [Fact]
    public async Task A_malformed_url_is_refused_with_a_clear_message()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            ToxiproxyBackend.ResolveAsync("not a url", environmentUrl: null, embeddedOptions: null, CancellationToken.None));

        Assert.Contains("not a url", error.Message);
    }
}

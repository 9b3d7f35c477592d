using Convergence.Cluster.CouchDb;
using Xunit;

namespace Convergence.Chaos.Tests.CouchDb;

public sealed class CouchCredentialsTests
{
    [Fact]
    public void ToString_NeverShowsThePassword()
    {
        var credentials = new CouchCredentials("admin", "s3cret-pw");

        Assert.DoesNotContain("s3cret-pw", credentials.ToString());
        Assert.DoesNotContain("s3cret-pw", ReplicationEndpoint.FromUri(new Uri("http://127.0.0.1:5984/events-eu"), credentials).ToString());
    }

    [Fact]
    public void ReplicationEndpoint_WithCredentials_CarriesThemAsUserInfoOnTheWire()
    {
        var endpoint = ReplicationEndpoint.FromUri(new Uri("http://127.0.0.1:5984/events-eu"), new CouchCredentials("admin", "p@ss"));

        Assert.Equal("http://admin:p%40ss@127.0.0.1:5984/events-eu", endpoint.ToWireValue());
    }

    [Fact]
    public void ReplicationEndpoint_UriWithUserInfo_IsRejected()
    {
        Assert.Throws<ArgumentException>(() => ReplicationEndpoint.FromUri(new Uri("http://admin:pw@127.0.0.1:5984/events")));
    }
}

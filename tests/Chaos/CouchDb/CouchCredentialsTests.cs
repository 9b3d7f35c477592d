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
    public void ReplicationDocument_HeaderStyle_CarriesCredentialsInAnAuthorizationHeaderNotInTheUrl()
    {
        var endpoint = ReplicationEndpoint.FromUri(new Uri("http://127.0.0.1:5984/events-eu"), new CouchCredentials("admin", "p@ss"));
        var document = new ReplicationDocument("r", endpoint, ReplicationEndpoint.FromLocalName("events-us"));

        using var json = System.Text.Json.JsonDocument.Parse(document.ToJson());
        var source = json.RootElement.GetProperty("source");

        Assert.Equal("http://127.0.0.1:5984/events-eu", source.GetProperty("url").GetString());
        Assert.Equal("Basic " + Convert.ToBase64String("admin:p@ss"u8.ToArray()), source.GetProperty("headers").GetProperty("Authorization").GetString());
        Assert.DoesNotContain("@127.0.0.1", document.ToJson(), StringComparison.Ordinal);
        Assert.Equal("events-us", json.RootElement.GetProperty("target").GetString());
    }

    [Fact]
    public void ReplicationDocument_AuthObjectStyle_CarriesCredentialsInCouchDbsAuthBasicObject()
    {
        var endpoint = ReplicationEndpoint.FromUri(new Uri("http://127.0.0.1:5984/events-eu"), new CouchCredentials("admin", "p@ss"));
        var document = new ReplicationDocument("r", endpoint, endpoint) { CredentialStyle = ReplicationCredentialStyle.AuthObject };

        using var json = System.Text.Json.JsonDocument.Parse(document.ToJson());
        var basic = json.RootElement.GetProperty("target").GetProperty("auth").GetProperty("basic");

        Assert.Equal("admin", basic.GetProperty("username").GetString());
        Assert.Equal("p@ss", basic.GetProperty("password").GetString());
        Assert.False(json.RootElement.GetProperty("target").TryGetProperty("headers", out _));
    }

    [Fact]
    public void ReplicationEndpoint_FromDatabase_UsesTheCredentialsOfTheDatabasesClient()
    {
        using var client = new CouchClient(new Uri("http://127.0.0.1:5984"), new CouchCredentials("admin", "pw"));

        var endpoint = ReplicationEndpoint.FromDatabase(client.GetDatabase("events-eu"));

        Assert.True(endpoint.HasCredentials);
        Assert.Equal("http://127.0.0.1:5984/events-eu (as admin)", endpoint.ToString());
    }

    [Fact]
    public void ReplicationEndpoint_UriWithUserInfo_IsRejected()
    {
        Assert.Throws<ArgumentException>(() => ReplicationEndpoint.FromUri(new Uri("http://admin:pw@127.0.0.1:5984/events")));
    }
}

using System.Net;
using System.Net.Sockets;
using Convergence.Cluster.Toxiproxy;
using Xunit;

namespace Convergence.Chaos.Tests.Toxiproxy;

/// <summary>Listen addresses as Go binds and reports them (checked without binding anything but loopback).</summary>
public sealed class HostPortTests
{
    [Theory]
    [InlineData("0.0.0.0:8080")]
    [InlineData(":8080")]
    [InlineData("[::]:8080")]
    public void Any_address_binds_dual_stack_and_is_reported_as_ipv6_any(string listen)
    {
        Assert.True(HostPort.TryParse(listen, out var address));

        var endPoint = address.ToBindEndPoint();

        var expected = Socket.OSSupportsIPv6 ? IPAddress.IPv6Any : IPAddress.Any;
        Assert.Equal(new IPEndPoint(expected, 8080), endPoint);
        Assert.Equal(Socket.OSSupportsIPv6 ? "[::]:8080" : "0.0.0.0:8080", HostPort.FromEndPoint(endPoint).ToString());
    }

    [Theory]
    [InlineData("localhost:80", "127.0.0.1:80")]
    [InlineData("127.0.0.1:80", "127.0.0.1:80")]
    [InlineData("[::1]:80", "[::1]:80")]
    public void Addresses_compare_resolved_as_toxiproxy_compares_them(string listen, string resolved)
    {
        Assert.True(HostPort.TryParse(listen, out var address));

        Assert.Equal(resolved, address.ToResolvedString());
    }

    [Theory]
    [InlineData("//version", "/version")]
    [InlineData("/proxies/../version", "/version")]
    [InlineData("/./proxies/", "/proxies/")]
    [InlineData("", "/")]
    [InlineData("/version", "/version")]
    public void Paths_are_cleaned_as_gorilla_mux_cleans_them(string path, string cleaned)
    {
        Assert.Equal(cleaned, RequestPath.Clean(path));
    }
}

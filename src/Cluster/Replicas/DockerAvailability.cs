using System.Net.Sockets;

namespace Convergence.Cluster.Replicas;

/// <summary>A quick, side-effect-free check whether a Docker daemon can be reached, with the reason when not.</summary>
public static class DockerAvailability
{
    /// <summary>Null when Docker looks reachable; otherwise why not (for skip messages and CLI errors).</summary>
    public static string? UnavailableReason()
    {
        if (Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } host)
        {
            // A remote or custom daemon: trust it and let Testcontainers report failures.
            return host.StartsWith("unix://", StringComparison.Ordinal) ? ProbeUnixSocket(host["unix://".Length..]) : null;
        }

        if (OperatingSystem.IsWindows())
        {
            return File.Exists(@"\\.\pipe\docker_engine") ? null : @"Docker is not available: no \\.\pipe\docker_engine named pipe.";
        }

        return ProbeUnixSocket("/var/run/docker.sock");
    }

    private static string? ProbeUnixSocket(string path)
    {
        if (!File.Exists(path))
        {
            return $"Docker is not available: {path} does not exist (no Docker daemon running).";
        }

        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            socket.Connect(new UnixDomainSocketEndPoint(path));
            return null;
        }
        catch (SocketException exception)
        {
            return $"Docker is not available: cannot connect to {path} ({exception.SocketErrorCode}).";
        }
    }
}

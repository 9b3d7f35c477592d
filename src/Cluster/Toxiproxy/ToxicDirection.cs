namespace Convergence.Cluster.Toxiproxy;

/// <summary>Which bytes a toxic acts on: client to upstream server, or upstream server to client.</summary>
public enum ToxicDirection
{
    /// <summary>Bytes sent by the client towards the upstream server.</summary>
    UpStream,

    /// <summary>Bytes sent by the upstream server back to the client (Toxiproxy's default).</summary>
    DownStream,
}

/// <summary>Wire names of <see cref="ToxicDirection"/>, parsed case-insensitively as Toxiproxy does.</summary>
internal static class ToxicDirectionNames
{
    public const string UpStream = "upstream";
    public const string DownStream = "downstream";

    public static string ToWireName(this ToxicDirection direction) =>
        direction == ToxicDirection.UpStream ? UpStream : DownStream;

    public static bool TryParse(string? wireName, out ToxicDirection direction)
    {
        if (string.Equals(wireName, UpStream, StringComparison.OrdinalIgnoreCase))
        {
            direction = ToxicDirection.UpStream;
            return true;
        }

        direction = ToxicDirection.DownStream;
        return string.Equals(wireName, DownStream, StringComparison.OrdinalIgnoreCase);
    }
}

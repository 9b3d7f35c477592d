namespace Convergence.Cluster.Toxiproxy;

/// <summary>Bytes read from the source and written to the destination by every link with one label set.</summary>
internal sealed class LinkCounter
{
    private long received;
    private long sent;

    public long Received => Interlocked.Read(ref received);

    public long Sent => Interlocked.Read(ref sent);

    public void AddReceived(int bytes) => Interlocked.Add(ref received, bytes);

    public void AddSent(int bytes) => Interlocked.Add(ref sent, bytes);
}

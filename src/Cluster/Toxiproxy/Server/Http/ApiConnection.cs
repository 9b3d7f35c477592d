using System.Diagnostics;
using System.Net.Sockets;

namespace Convergence.Cluster.Toxiproxy;

/// <summary>
/// One API connection's socket and what the server's sweeper needs: when it must be closed, and whether it is
/// idle (waiting for a request, so it can be closed to make room without losing work).
/// </summary>
internal sealed class ApiConnection(Socket socket)
{
    private long deadline = long.MaxValue;
    private long idleSince = Stopwatch.GetTimestamp();
    private int idle = 1;
    private int closed;

    public Socket Socket { get; } = socket;

    /// <summary>Waiting for a request and not closed yet: the connection that can make room without losing work.</summary>
    public bool IsIdle => Volatile.Read(ref idle) == 1 && Volatile.Read(ref closed) == 0;

    /// <summary>Stopwatch timestamp since which the connection has waited for a request (meaningful while idle).</summary>
    public long IdleSince => Volatile.Read(ref idleSince);

    public bool IsOverdue(long now) => now > Volatile.Read(ref deadline);

    /// <summary>Waiting for a request; closed if none starts within <paramref name="timeout"/>.</summary>
    public void MarkIdle(TimeSpan timeout)
    {
        var now = Stopwatch.GetTimestamp();
        Volatile.Write(ref idleSince, now);
        Volatile.Write(ref deadline, Deadline(now, timeout));
        Volatile.Write(ref idle, 1);
    }

    /// <summary>Reading a request or writing its answer; closed if that takes longer than <paramref name="timeout"/>.</summary>
    public void MarkBusy(TimeSpan timeout)
    {
        Volatile.Write(ref idle, 0);
        Volatile.Write(ref deadline, Deadline(Stopwatch.GetTimestamp(), timeout));
    }

    /// <summary>
    /// Closes the socket, ending any pending read or write. Safe from any thread, any number of times; true only
    /// for the call that closed it, so the server counts each connection out once.
    /// </summary>
    public bool Close()
    {
        if (Interlocked.Exchange(ref closed, 1) != 0)
        {
            return false;
        }

        Socket.Dispose();
        return true;
    }

    private static long Deadline(long now, TimeSpan timeout) =>
        timeout == Timeout.InfiniteTimeSpan ? long.MaxValue : now + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
}

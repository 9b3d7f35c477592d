using System.Net;
using System.Net.Sockets;

namespace Convergence.Benchmarks.Proxy;

/// <summary>A loopback TCP echo server: the far end of every benchmark round trip.</summary>
public sealed class LoopbackEchoServer : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stopping = new();
    private readonly List<Socket> sockets = [];
    private readonly Task acceptLoop;

    public LoopbackEchoServer()
    {
        listener.Start();
        acceptLoop = AcceptLoopAsync();
    }

    public IPEndPoint EndPoint => (IPEndPoint)listener.LocalEndpoint;

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Dispose();
        lock (sockets)
        {
            sockets.ForEach(s => s.Dispose());
        }

        await acceptLoop;
        stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (true)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptSocketAsync(stopping.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException or InvalidOperationException)
            {
                // Stopped, possibly before the first accept ("Not listening" is an InvalidOperationException).
                return;
            }

            socket.NoDelay = true;
            lock (sockets)
            {
                sockets.Add(socket);
            }

            _ = EchoAsync(socket);
        }
    }

    private async Task EchoAsync(Socket socket)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, stopping.Token)) > 0)
            {
                await socket.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, stopping.Token);
            }
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Shutting down.
        }
    }
}

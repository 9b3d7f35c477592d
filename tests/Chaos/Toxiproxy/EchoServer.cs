using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Convergence.Chaos.Tests.Toxiproxy;

/// <summary>A loopback TCP server that writes back whatever it reads, closing when the client closes.</summary>
public sealed class EchoServer : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentDictionary<Socket, Task> connections = new();
    private readonly Task acceptLoop;

    private EchoServer()
    {
        listener.Start(backlog: 512);
        acceptLoop = AcceptLoopAsync();
    }

    public IPEndPoint EndPoint => (IPEndPoint)listener.LocalEndpoint;

    /// <summary>"127.0.0.1:port", the form Toxiproxy expects for an upstream.</summary>
    public string Address => $"127.0.0.1:{EndPoint.Port}";

    public int OpenConnectionCount => connections.Count;

    public static EchoServer Start() => new();

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Dispose();
        foreach (var socket in connections.Keys)
        {
            socket.Dispose();
        }

        await Task.WhenAll([acceptLoop, .. connections.Values]).WaitAsync(TimeSpan.FromSeconds(10));
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
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            connections[socket] = done.Task;
            _ = EchoAsync(socket, done);
        }
    }

    private async Task EchoAsync(Socket socket, TaskCompletionSource done)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await socket.ReceiveAsync(buffer, SocketFlags.None, stopping.Token);
                if (read == 0)
                {
                    break;
                }

                var pending = buffer.AsMemory(0, read);
                while (!pending.IsEmpty)
                {
                    var sent = await socket.SendAsync(pending, SocketFlags.None, stopping.Token);
                    pending = pending[sent..];
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Peer reset or shutting down.
        }
        finally
        {
            connections.TryRemove(socket, out _);
            socket.Dispose();
            done.TrySetResult();
        }
    }
}

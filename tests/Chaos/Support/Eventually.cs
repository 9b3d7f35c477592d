using Xunit;
namespace Convergence.Chaos.Tests.Support;

/// <summary>Polls a condition against real servers until it holds or a deadline passes (no fixed sleeps).</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string because)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            if (await condition())
            {
                return;
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), deadline.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"Not within {timeout}: {because}");
            }
        }
    }
}

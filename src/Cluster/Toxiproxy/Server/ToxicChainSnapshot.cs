namespace Convergence.Cluster.Toxiproxy;

/// <summary>An immutable version of a <see cref="ToxicChain"/>, with a token that fires once a newer version exists.</summary>
internal sealed class ToxicChainSnapshot(IReadOnlyList<ToxicSpec> toxics)
{
    private readonly CancellationTokenSource superseded = new();

    public IReadOnlyList<ToxicSpec> Toxics { get; } = toxics;

    /// <summary>Cancelled when the chain changes, waking pumps that wait on latency or for data.</summary>
    public CancellationToken Superseded => superseded.Token;

    public void MarkSuperseded() =>
        // Cancel on the thread pool: cancellation runs waiters' callbacks, and the API must never run them.
        ThreadPool.UnsafeQueueUserWorkItem(static source => source.Cancel(), superseded, preferLocal: false);
}

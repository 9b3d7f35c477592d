using Convergence.Domain.Workload;

namespace Convergence.Simulator.Network;

/// <summary>
/// PouchDB's replication retry delays (research/couchdb.md): the first retry after a random
/// 0–2 s, each next one a random 1–2× the previous, capped at a random 5–10 minutes drawn once
/// per replication; a successful batch resets it.
/// </summary>
public sealed class RetryBackoff
{
    private const long FirstMaxUs = 2_000_000;
    private readonly long _capUs;
    private long _lastUs;

    public RetryBackoff(IRandomSource random) => _capUs = 300_000_000 + (long)(random.NextDouble() * 300_000_000);

    /// <summary>How many retries since the last success.</summary>
    public int Attempts { get; private set; }

    public long NextDelayUs(IRandomSource random)
    {
        _lastUs = Attempts == 0
            ? (long)(random.NextDouble() * FirstMaxUs)
            : Math.Min(_capUs, (long)(_lastUs * (1.0 + random.NextDouble())));
        // A zero first delay would retry in the same instant; keep time moving.
        _lastUs = Math.Max(_lastUs, 1_000);
        Attempts++;
        return _lastUs;
    }

    public void Reset()
    {
        Attempts = 0;
        _lastUs = 0;
    }
}

using Convergence.Domain.Envelope;
using Convergence.Simulator.Runs;

namespace Convergence.Cluster.Live;

/// <summary>
/// What every part of a live run shares: the options, the clock, the codec and the recorder. The recorder is not
/// thread-safe while projectors, appends and the supervisor report from different tasks, so every call to it goes
/// through <see cref="Record"/> (one lock; never taken while holding it is any region's lock taken).
/// </summary>
internal sealed class LiveRunContext(LiveClusterOptions options, RunRecorder recorder, EventCodec codec, long startTimestamp)
{
    private readonly Lock _recorderLock = new();

    public LiveClusterOptions Options { get; } = options;

    public EventCodec Codec { get; } = codec;

    public TimeProvider Time => Options.TimeProvider;

    /// <summary>Microseconds since the run started on the injected clock.</summary>
    public long NowUs() => Time.GetElapsedTime(startTimestamp).Ticks / TimeSpan.TicksPerMicrosecond;

    /// <summary>Runs <paramref name="action"/> on the recorder under its lock.</summary>
    public void Record(Action<RunRecorder> action)
    {
        lock (_recorderLock) action(recorder);
    }

    /// <summary>Reads from the recorder under its lock.</summary>
    public T Read<T>(Func<RunRecorder, T> read)
    {
        lock (_recorderLock) return read(recorder);
    }

    public void Count(string counter, long amount = 1) => Record(r => r.Count(counter, amount));
}

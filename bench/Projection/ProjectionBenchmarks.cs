using BenchmarkDotNet.Attributes;
using Convergence.Domain.Envelope;
using Convergence.Domain.Modules;
using Convergence.Domain.Projection;
using Convergence.Domain.Workload;
using Convergence.Properties.Tests.NegativeControl;
using Convergence.Simulator.Histories;

namespace Convergence.Benchmarks;

/// <summary>
/// Events applied per second by the convergent projection and by the seed's naive one, on the same
/// 100k-event history, delivered in the order one of its three regions received it and in a fully
/// shuffled order (the memory-bound worst case), and the cost of a canonical digest of the view and of the state.
/// Target: convergent ≥ 2M events/s single-threaded and no slower than 2× naive.
/// </summary>
[MemoryDiagnoser]
public class ProjectionBenchmarks
{
    private const int Events = 100_000;
    private static readonly DomainCatalog Convergent = DomainCatalog.SocialNetwork();
    private static readonly DomainCatalog Naive = new(new NaiveSocialModule(servesClients: false));
    private EventEnvelope[] _deliveries = [];
    private EventEnvelope[] _shuffled = [];
    private ReadModel _full = null!;

    [GlobalSetup]
    public void Setup()
    {
        var history = HistoryGenerator.Generate(Convergent,
            new HistoryOptions { Regions = 3, Actions = Events, TrackCausalPast = false }, seed: 42);
        _deliveries = history.InOrder(history.RegionOrders[history.Regions[1]]).ToArray();
        var random = new SeededRandom(7);
        _shuffled = _deliveries.ToArray();
        for (var i = _shuffled.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (_shuffled[i], _shuffled[j]) = (_shuffled[j], _shuffled[i]);
        }
        _full = ReadModel.FromDeliveries(Convergent, _deliveries);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Events)]
    public ReadModel Convergent_projection() => Fold(Convergent, _deliveries);

    [Benchmark(OperationsPerInvoke = Events)]
    public ReadModel Naive_projection() => Fold(Naive, _deliveries);

    [Benchmark(OperationsPerInvoke = Events)]
    public ReadModel Convergent_projection_fully_shuffled() => Fold(Convergent, _shuffled);

    [Benchmark(OperationsPerInvoke = Events)]
    public ReadModel Naive_projection_fully_shuffled() => Fold(Naive, _shuffled);

    [Benchmark]
    public string Digest_of_the_full_read_model() => _full.ToView().Digest;

    /// <summary>The second comparison level: the whole state, written canonically and fingerprinted.</summary>
    [Benchmark]
    public string Digest_of_the_full_state() => _full.ToState().Digest;

    private static ReadModel Fold(DomainCatalog catalog, EventEnvelope[] deliveries)
    {
        var model = new ReadModel(catalog);
        foreach (var e in deliveries) model.Apply(e);
        return model;
    }
}

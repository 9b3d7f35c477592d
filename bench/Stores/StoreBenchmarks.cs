using BenchmarkDotNet.Attributes;
using Convergence.Domain.Envelope;
using Convergence.Domain.Modules;
using Convergence.Domain.Projection;
using Convergence.Domain.Stores;
using Convergence.Domain.Views;
using Convergence.Simulator.Histories;
using Convergence.Stores.Sqlite;

namespace Convergence.Benchmarks.Stores;

/// <summary>
/// Events applied per second by the social module on each store, on the same 10k-event history in
/// one region's delivery order: the C# handlers in memory (baseline), the SQL handlers on in-memory
/// SQLite with one transaction per event (the simulator and the properties) and in batches of 25 with
/// the checkpoint in the batch's transaction (the live projector's default); and the cost of the
/// rebuild check (law RB) for those 10k events: a rebuild into a fresh store, its view, and the comparison.
/// </summary>
[MemoryDiagnoser]
public class StoreBenchmarks
{
    private const int Events = 10_000;
    private const int Batch = 25;
    private static readonly DomainCatalog Memory = DomainCatalog.SocialNetwork();
    private static readonly DomainCatalog Sqlite = Memory.WithStore(new SqliteStore());
    private EventEnvelope[] _deliveries = [];
    private ReadModelView _memoryView = ReadModelView.Empty;
    private ReadModelView _sqliteView = ReadModelView.Empty;

    [GlobalSetup]
    public void Setup()
    {
        var history = HistoryGenerator.Generate(Memory, new HistoryOptions { Regions = 3, Actions = Events, TrackCausalPast = false }, seed: 42);
        _deliveries = history.InOrder(history.RegionOrders[history.Regions[1]]).Take(Events).ToArray();
        _memoryView = ReadModel.FromDeliveries(Memory, _deliveries).ToView();
        var sql = ReadModel.FromDeliveries(Sqlite, _deliveries);
        _sqliteView = sql.ToView();
        sql.Store.Dispose();
        if (!_memoryView.Equals(_sqliteView)) throw new InvalidOperationException("the SQL and C# social handlers disagree on the benchmark history");
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Events)]
    public ReadModel Memory_apply() => ReadModel.FromDeliveries(Memory, _deliveries);

    [Benchmark(OperationsPerInvoke = Events)]
    public long Sqlite_apply_a_transaction_per_event()
    {
        var model = ReadModel.FromDeliveries(Sqlite, _deliveries);
        model.Store.Dispose();
        return model.AppliedCount;
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public long Sqlite_apply_in_batches_with_the_checkpoint()
    {
        var model = new ReadModel(Sqlite);
        var store = (IDurableRegionStore)model.Store;
        store.BeginBatch();
        for (var i = 0; i < _deliveries.Length; i++)
        {
            model.Apply(_deliveries[i]);
            if ((i + 1) % Batch == 0)
            {
                store.CommitBatch(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                store.BeginBatch();
            }
        }
        store.CommitBatch(_deliveries.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        model.Store.Dispose();
        return model.AppliedCount;
    }

    /// <summary>What <c>RebuildCheck</c> does per region: rebuild from the log into a fresh store, read the view, compare.</summary>
    [Benchmark]
    public bool Rebuild_check_of_10k_events_memory() => ReadModel.FromDeliveries(Memory, _deliveries).ToView().Equals(_memoryView);

    [Benchmark]
    public bool Rebuild_check_of_10k_events_sqlite()
    {
        var rebuilt = ReadModel.FromDeliveries(Sqlite, _deliveries);
        var same = rebuilt.ToView().Equals(_sqliteView);
        rebuilt.Store.Dispose();
        return same;
    }
}

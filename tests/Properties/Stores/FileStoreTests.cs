using Convergence.Domain.Identity;
using Convergence.Domain.Projection;
using Convergence.Domain.Stores;
using Convergence.Properties.Tests.Generators;
using Convergence.Simulator.Histories;
using Convergence.Stores.Sqlite;

namespace Convergence.Properties.Tests.Stores;

/// <summary>A region's database as a file: what the live engine's projector does with it.</summary>
public sealed class FileStoreTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "convergence-store-tests", Guid.NewGuid().ToString("N"));

    [Theory]
    [InlineData(CheckpointMode.WithState)]
    [InlineData(CheckpointMode.Separate)]
    public void A_projector_batch_over_a_file_can_be_read_and_copied_and_is_on_disk_after_its_commit(CheckpointMode mode)
    {
        var catalog = Catalogs.Convergent.WithStore(new SqliteStore(mode, _directory));
        var history = HistoryGenerator.Generate(Catalogs.Convergent, new HistoryOptions { Regions = 2, Actions = 30 }, 5);
        var events = history.InOrder(Enumerable.Range(0, history.Count)).ToArray();
        var model = new ReadModel(catalog, catalog.Store.Open(catalog, new RegionId("eu")));
        var store = (IDurableRegionStore)model.Store;

        store.BeginBatch();
        foreach (var e in events) model.Apply(e);
        var copy = model.Clone();
        var view = model.ToView();
        store.CommitBatch("42");
        model.Store.Dispose();

        Assert.Equal(view, copy.ToView());
        Assert.True(File.Exists(Path.Combine(_directory, "eu.sqlite")));
        var reopened = ReadModel.FromDeliveries(Catalogs.Convergent, events).ToView();
        Assert.Equal(reopened, view);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }
}

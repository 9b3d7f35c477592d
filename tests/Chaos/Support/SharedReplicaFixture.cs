using Convergence.Cluster.CouchDb;
using Convergence.Cluster.Replicas;
using Xunit;

namespace Convergence.Chaos.Tests.Support;

/// <summary>One embedded pouchdb-server shared by the client tests (each test uses its own database).</summary>
public sealed class SharedReplicaFixture : IAsyncLifetime
{
    private readonly TestRunDirectory _run = new();
    private ReplicaSet? _replicas;

    public IReplicaServer Server => _replicas?[0] ?? throw new InvalidOperationException("The fixture has not started.");

    public CouchClient CreateClient() => Server.CreateClient();

    /// <summary>A database name no other test uses.</summary>
    public static string UniqueDatabaseName(string purpose) => $"t-{purpose}-{Guid.NewGuid():N}";

    public async Task InitializeAsync()
    {
        _replicas = await new EmbeddedReplicaProvider(new EmbeddedReplicaOptions(_run.Path)).StartAsync(["shared"]);
    }

    public async Task DisposeAsync()
    {
        if (_replicas is not null)
        {
            await _replicas.DisposeAsync();
        }

        _run.Dispose();
    }
}

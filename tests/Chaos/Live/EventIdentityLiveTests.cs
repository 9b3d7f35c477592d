using System.Text.Json;
using System.Text.Json.Nodes;
using Convergence.Chaos.Tests.Support;
using Convergence.Cluster.Live;
using Convergence.Domain.Identity;
using Convergence.Domain.Modules;
using Convergence.Domain.Social;
using Convergence.Simulator.Checks;
using Convergence.Simulator.Engine;
using Convergence.Simulator.Runs;
using Xunit;

namespace Convergence.Chaos.Tests.Live;

/// <summary>
/// Law L0 on real replicas: "we only append, so replication never conflicts" is checked. An event
/// document edited in place is found in every log and by every projector, and the run ends as an
/// identity violation, not as converged and not as a handler failure.
/// </summary>
[Collection(LiveClusterCollection.Name)]
public sealed class EventIdentityLiveTests(LiveProcessLedger ledger)
{
    private static readonly RegionId Eu = LiveClusters.Regions[0];

    [Fact]
    public async Task EventDocument_EditedInPlace_FailsTheIdentityLawInEveryRegion()
    {
        using var run = new TestRunDirectory();
        var scenario = LiveClusters.Scenario("live-edited-event", 1, TimeSpan.FromSeconds(1));
        var recorder = new RunRecorder(scenario, DomainCatalog.SocialNetwork(), "live");
        IReadOnlyCollection<int> pids;
        await using (var cluster = ledger.Track(new LiveCluster(LiveClusters.Options(run))))
        {
            await cluster.StartAsync(scenario, recorder, CancellationToken.None);
            var appended = await cluster.AppendAsync(Eu, new UserRegistered(new UserId("u-1"), "ann@example.com", "Ann"), CancellationToken.None);
            Assert.True((await cluster.WaitForQuiescenceAsync(TimeSpan.FromSeconds(60), CancellationToken.None)).Reached);

            // Someone edits the event document in place (a second revision under the same id).
            var eu = cluster.DatabaseOf(Eu);
            var document = JsonNode.Parse((await eu.GetDocumentAsync(appended.Id.Value)).GetRawText())!.AsObject();
            document["payload"]!["displayName"] = "Mallory";
            await eu.PutDocumentAsync(appended.Id.Value, JsonSerializer.SerializeToElement(document));

            IReadOnlyList<RegionSnapshot> regions = [];
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (DateTime.UtcNow < deadline)
            {
                regions = await cluster.ReadRegionsAsync(CancellationToken.None);
                if (regions.All(r => r.LogAnomalies.Count > 0 && r.IdentityConflicts.Count > 0)) break;
                await Task.Delay(250);
            }
            var quiescence = await cluster.WaitForQuiescenceAsync(TimeSpan.FromSeconds(60), CancellationToken.None);
            var outcome = RunOutcome.From(recorder.Complete(quiescence, regions, (long)cluster.Elapsed.TotalMicroseconds, null));
            pids = cluster.ProcessIds;

            Assert.All(regions, r => Assert.Equal(LogAnomalyKind.Updated, Assert.Single(r.LogAnomalies).Kind));
            Assert.All(regions, r => Assert.Contains("Mallory", Assert.Single(r.IdentityConflicts).Second.Payload.ToString()));
            Assert.Equal(RunStatus.IdentityViolation, outcome.Status);
            var law = Assert.Single(outcome.Checks.Laws, l => l.Law == "L0");
            Assert.False(law.Passed);
            Assert.Contains($"event id {appended.Id} names two bodies", law.Detail);
            Assert.Contains("event documents updated", law.Detail);
        }

        Assert.All(pids, pid => Assert.False(ProcessProbe.IsAlive(pid)));
    }

    [Fact]
    public void Change_rows_of_event_documents_are_classified_by_revision()
    {
        static Cluster.CouchDb.ChangeRow Row(bool deleted, params string[] revisions) =>
            new("eu-1", Cluster.CouchDb.ChangeSequence.Start, deleted, revisions, null);

        Assert.Null(LiveCluster.EventDocumentAnomaly(Row(false, "1-abc")));
        Assert.Equal(LogAnomalyKind.Updated, LiveCluster.EventDocumentAnomaly(Row(false, "2-def"))!.Kind);
        Assert.Equal(LogAnomalyKind.Conflicted, LiveCluster.EventDocumentAnomaly(Row(false, "1-abc", "1-xyz"))!.Kind);
        Assert.Equal(LogAnomalyKind.Deleted, LiveCluster.EventDocumentAnomaly(Row(true, "2-def"))!.Kind);
    }
}

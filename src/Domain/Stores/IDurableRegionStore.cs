namespace Convergence.Domain.Stores;

/// <summary>
/// A region store that keeps its projector's checkpoint itself, as a real projector's database does:
/// batches are committed with (or, in <see cref="CheckpointMode.Separate"/>, followed by) the position
/// they reach, and a restarted projector resumes from <see cref="StoredCheckpoint"/>, never from a snapshot.
/// </summary>
public interface IDurableRegionStore
{
    CheckpointMode Mode { get; }

    /// <summary>Starts a batch of deliveries (a transaction when the checkpoint is kept with the state).</summary>
    void BeginBatch();

    /// <summary>Ends the batch and records <paramref name="checkpoint"/> as the position it reached.</summary>
    void CommitBatch(string checkpoint);

    /// <summary>The projector died mid-batch: what was not committed is lost, as in production.</summary>
    void AbandonBatch();

    /// <summary>The last position committed, or null when none was.</summary>
    string? StoredCheckpoint();
}

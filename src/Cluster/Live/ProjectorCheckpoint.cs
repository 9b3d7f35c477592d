using Convergence.Cluster.CouchDb;
using Convergence.Domain.Projection;

namespace Convergence.Cluster.Live;

/// <summary>
/// A projector's checkpoint: the feed sequence it had folded up to (durable: a file in the run folder) with the read
/// model and the processed document ids as they were at that sequence (an in-memory snapshot, taken at the same instant).
/// A restarted projector resumes from here, so every change after <see cref="Sequence"/> is delivered again. The model
/// is null over a durable store, which keeps its checkpoint itself (<see cref="Domain.Stores.IDurableRegionStore"/>).
/// </summary>
internal sealed record ProjectorCheckpoint(ChangeSequence Sequence, ReadModel? Model, IReadOnlySet<string> Processed, long AtUs)
{
    /// <summary>Writes the sequence so a restart reads it from disk; write-then-rename, so a crash never leaves half a file.</summary>
    public static void Persist(string path, ChangeSequence sequence)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, sequence.RawJson);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The persisted sequence, or the start of the feed when none was written yet.</summary>
    public static ChangeSequence Load(string path) =>
        File.Exists(path) ? ChangeSequence.FromRawJson(File.ReadAllText(path)) : ChangeSequence.Start;
}

using System.Collections.Concurrent;

namespace Convergence.Cli.Lifetime;

/// <summary>
/// The scratch folders (replica data, projector checkpoints) of the runs in progress, so that every exit path that runs
/// code removes them: the run's own <c>finally</c>, a second Ctrl+C that exits at once, and the process-exit hook.
/// </summary>
public sealed class ScratchFolders
{
    private readonly ConcurrentDictionary<string, byte> _live = new(StringComparer.Ordinal);

    /// <summary>The folders tracked now (for tests).</summary>
    public IReadOnlyCollection<string> Live => _live.Keys.ToArray();

    /// <summary>Tracks <paramref name="directory"/> until <see cref="Delete"/>; it need not exist yet.</summary>
    public void Track(string directory) => _live[Path.GetFullPath(directory)] = 0;

    /// <summary>Deletes the folder (if it exists) and stops tracking it once it is gone; never throws.</summary>
    public void Delete(string directory)
    {
        var full = Path.GetFullPath(directory);
        if (TryDelete(full)) _live.TryRemove(full, out _);
    }

    /// <summary>Deletes every tracked folder; safe from any thread and more than once.</summary>
    public void DeleteAll()
    {
        foreach (var directory in _live.Keys) Delete(directory);
    }

    /// <summary>
    /// A few attempts: while a run is being torn down (a second Ctrl+C), its projectors may still write a checkpoint
    /// into the folder being deleted, which then fails with "directory not empty".
    /// </summary>
    private static bool TryDelete(string directory)
    {
        const int attempts = 5;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
                return true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Left behind after the last attempt: it is in the temp folder, where a leftover is harmless.
                if (attempt == attempts) return false;
                Thread.Sleep(TimeSpan.FromMilliseconds(20 * attempt));
            }
        }
    }
}

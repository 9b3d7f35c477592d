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

    /// <summary>Deletes the folder (if it exists) and stops tracking it; never throws.</summary>
    public void Delete(string directory)
    {
        var full = Path.GetFullPath(directory);
        TryDelete(full);
        _live.TryRemove(full, out _);
    }

    /// <summary>Deletes every tracked folder; safe from any thread and more than once.</summary>
    public void DeleteAll()
    {
        foreach (var directory in _live.Keys) Delete(directory);
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open: the scratch is in the temp folder, where a leftover is harmless.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

namespace Convergence.Cli.Options;

/// <summary>
/// Checks an <c>--out</c> folder before a run, so a bad one is one line of bad input at the start rather than an error
/// after the whole run: it must be a folder that exists or can be created, and this process must be able to write in it.
/// </summary>
public static class OutFolder
{
    /// <summary>What is wrong with <paramref name="path"/> as a place for report folders, as one line; null when it will do.</summary>
    public static string? Problem(string path)
    {
        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return $"--out '{path}' is not a valid path: {e.Message}";
        }

        if (File.Exists(full)) return $"--out {path} is a file, not a folder";
        // The nearest existing ancestor is where a folder would be created: it must be a folder, and writable.
        var existing = full;
        while (!Directory.Exists(existing))
        {
            if (File.Exists(existing)) return $"--out {path} cannot be created: {existing} is a file";
            existing = Path.GetDirectoryName(existing);
            if (existing is null) return $"--out {path} cannot be created: no existing folder above it";
        }

        var probe = Path.Combine(existing, $".convergence-write-probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return existing == full
                ? $"--out {path} is not writable: {e.Message.ReplaceLineEndings(" ").Trim()}"
                : $"--out {path} cannot be created: {existing} is not writable ({e.Message.ReplaceLineEndings(" ").Trim()})";
        }
    }
}

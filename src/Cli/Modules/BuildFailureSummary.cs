namespace Convergence.Cli.Modules;

/// <summary>
/// A failed <c>dotnet build</c> of a module as one line: its first errors (each once: MSBuild prints every error twice,
/// during the build and in the summary), how many there are, and the command that shows them all.
/// </summary>
public static class BuildFailureSummary
{
    /// <summary>How many errors the line quotes.</summary>
    public const int Quoted = 3;

    /// <summary>The summary of <paramref name="output"/>, the build's stdout and stderr.</summary>
    public static string Of(string project, string output)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(project)) ?? "";
        var errors = output.Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.Contains(": error ", StringComparison.Ordinal))
            .Select(line => Shorten(line, directory))
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        var command = $"dotnet build {project}";
        if (errors.Length == 0) return $"the build failed; run `{command}` to see why";
        var shown = string.Join("; ", errors.Take(Quoted));
        var more = errors.Length > Quoted ? $" (and {errors.Length - Quoted} more)" : "";
        return $"the build failed with {errors.Length} error{(errors.Length == 1 ? "" : "s")}: {shown}{more}; run `{command}` to see them all";
    }

    /// <summary>Drops MSBuild's " [project]" suffix and the project folder from the file path.</summary>
    private static string Shorten(string line, string directory)
    {
        var suffix = line.LastIndexOf(" [", StringComparison.Ordinal);
        if (suffix > 0 && line.EndsWith(']')) line = line[..suffix];
        var prefix = directory.Length > 0 ? directory.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar : "";
        return prefix.Length > 0 && line.StartsWith(prefix, StringComparison.Ordinal) ? line[prefix.Length..] : line;
    }
}

using System.Reflection;

namespace Convergence.Cluster.Replicas;

/// <summary>Finds tools/replica (package.json and the installed pouchdb-server) at run time.</summary>
public static class ReplicaToolsDirectory
{
    /// <summary>Environment variable that overrides every other way of finding tools/replica.</summary>
    public const string EnvironmentVariable = "CONVERGENCE_REPLICA_DIR";

    private const string MetadataKey = "Convergence.ReplicaDirectory";

    /// <summary>The pouchdb-server entry script relative to tools/replica.</summary>
    public static readonly string ServerScript = Path.Combine("node_modules", "pouchdb-server", "bin", "pouchdb-server");

    /// <summary>
    /// In order: <paramref name="explicitPath"/>, <c>CONVERGENCE_REPLICA_DIR</c>, replica/ beside the application (the
    /// .NET tool ships tools/replica's package.json and lock there), the path the build baked into this assembly
    /// (Replica.targets), then tools/replica beside the first Convergence.sln above the application's directory.
    /// Throws with what to do when none holds an installed pouchdb-server.
    /// </summary>
    public static string Locate(string? explicitPath = null)
    {
        var candidates = new List<string>();
        if (!string.IsNullOrEmpty(explicitPath))
        {
            candidates.Add(explicitPath);
        }

        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment)
        {
            candidates.Add(fromEnvironment);
        }

        var bundled = Path.Combine(AppContext.BaseDirectory, "replica");
        var bundledPins = File.Exists(Path.Combine(bundled, "package.json"));
        if (bundledPins)
        {
            candidates.Add(bundled);
        }

        var baked = typeof(ReplicaToolsDirectory).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(attribute => attribute.Key == MetadataKey)?.Value;
        if (!string.IsNullOrEmpty(baked))
        {
            candidates.Add(baked);
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Convergence.sln")))
            {
                candidates.Add(Path.Combine(directory.FullName, "tools", "replica"));
                break;
            }
        }

        foreach (var candidate in candidates)
        {
            if (File.Exists(Path.Combine(candidate, ServerScript)))
            {
                return Path.GetFullPath(candidate);
            }
        }

        if (bundledPins)
        {
            // Installed as a .NET tool: the pinned versions are beside it, only npm's install is missing.
            throw new InvalidOperationException(
                $"The embedded replica server (pouchdb-server) is not installed. With Node 20+ and npm, run once: npm ci --ignore-scripts --prefix \"{bundled}\" " +
                $"(or set {EnvironmentVariable} to a folder where that was done, or use --backend couchdb --url ...).");
        }

        throw new InvalidOperationException(
            "The embedded replica server (pouchdb-server) is not installed. Looked in: "
            + (candidates.Count == 0 ? "(nowhere: no Convergence.sln above " + AppContext.BaseDirectory + ")" : string.Join(", ", candidates))
            + $". Build the solution (it runs `npm ci --ignore-scripts` in tools/replica), or set {EnvironmentVariable}.");
    }
}

namespace Convergence.Packaging.Tests;

/// <summary>
/// Packs every package once per test run into a folder feed inside a temporary copy of samples/consumer (where the
/// sample's own nuget.config looks for it), from the outputs this build already has (<c>dotnet pack --no-build</c>).
/// The version is unique per run (<c>VersionPrefix-packagingtest.t…</c>): NuGet's global packages folder keeps a
/// package by id and version forever, so re-packing the same version would restore a stale copy. The run's entries
/// in that folder are deleted afterwards, with the temporary folder.
/// </summary>
public sealed class PackedFeed : IAsyncLifetime
{
    public static readonly string[] LibraryIds = ["Convergence.Domain", "Convergence.Simulator", "Convergence.Testing"];
    public const string ToolId = "Convergence";

    private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(5);

    public string WorkDirectory { get; } = Path.Combine(Path.GetTempPath(), "convergence-packaging-" + Guid.NewGuid().ToString("N"));

    public string Version { get; } = $"{RepositoryLayout.VersionPrefix}-packagingtest.t{Guid.NewGuid():N}";

    /// <summary>The copy of samples/consumer the tests restore and run, standing for a team's repository.</summary>
    public string Consumer => Path.Combine(WorkDirectory, "consumer");

    /// <summary>The folder feed: packages/ of the consumer copy, as in the sample's nuget.config.</summary>
    public string Feed => Path.Combine(Consumer, "packages");

    public ChildProcessResult Pack { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        CopyDirectory(RepositoryLayout.ConsumerSample, Consumer);
        Pack = await ChildProcess.RunAsync(ChildProcess.Dotnet,
        [
            "pack", Path.Combine(RepositoryLayout.Root, "Convergence.Packages.slnf"), "--no-build", "-c", RepositoryLayout.Configuration,
            "-o", Feed, $"-p:VersionSuffix={Version[(RepositoryLayout.VersionPrefix.Length + 1)..]}", "-nologo",
        ], RepositoryLayout.Root, PackTimeout);
    }

    public string PackagePath(string id, string extension = "nupkg") => Path.Combine(Feed, $"{id}.{Version}.{extension}");

    public Task DisposeAsync()
    {
        var globalPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var id in LibraryIds.Append(ToolId))
        {
            var extracted = Path.Combine(globalPackages, id.ToLowerInvariant(), Version.ToLowerInvariant());
            if (Directory.Exists(extracted)) Directory.Delete(extracted, recursive: true);
        }
        if (Directory.Exists(WorkDirectory)) Directory.Delete(WorkDirectory, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>A copy without build outputs or an existing feed: what a fresh clone of the team's repository holds.</summary>
    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var directory in Directory.GetDirectories(from))
        {
            if (Path.GetFileName(directory) is "bin" or "obj" or "packages" or "TestResults") continue;
            CopyDirectory(directory, Path.Combine(to, Path.GetFileName(directory)));
        }
    }
}

/// <summary>The tests that share one packed feed; they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class PackedFeedCollection : ICollectionFixture<PackedFeed>
{
    public const string Name = "packed feed";
}

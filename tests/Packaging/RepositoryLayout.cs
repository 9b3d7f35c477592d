using System.Reflection;
using System.Xml.Linq;

namespace Convergence.Packaging.Tests;

/// <summary>Where the checkout is, which configuration these tests were built in, and the one package version it declares.</summary>
public static class RepositoryLayout
{
    public static string Root { get; } = FindRoot();

    /// <summary>The configuration of this build: the packages are packed from its outputs, not rebuilt.</summary>
    public static string Configuration { get; } =
        typeof(RepositoryLayout).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "Convergence.Configuration").Value!;

    /// <summary>VersionPrefix of Directory.Build.props: the version of every package.</summary>
    public static string VersionPrefix { get; } = PropertyOf(Path.Combine(Root, "Directory.Build.props"), "VersionPrefix");

    public static string ConsumerSample => Path.Combine(Root, "samples", "consumer");

    /// <summary>The first value of an MSBuild property in a props file.</summary>
    public static string PropertyOf(string file, string property) =>
        XDocument.Load(file).Descendants(property).FirstOrDefault()?.Value
        ?? throw new InvalidOperationException($"{file} sets no {property}");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Convergence.sln"))) return directory.FullName;
        }
        throw new InvalidOperationException($"no Convergence.sln above {AppContext.BaseDirectory}");
    }
}

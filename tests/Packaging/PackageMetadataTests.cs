using System.IO.Compression;
using System.Xml.Linq;

namespace Convergence.Packaging.Tests;

/// <summary>What `dotnet pack` makes: every package with its metadata, symbols and the dependency tree the note describes.</summary>
[Collection(PackedFeedCollection.Name)]
public sealed class PackageMetadataTests(PackedFeed feed)
{
    [Fact]
    public void Pack_succeeds_without_warnings()
    {
        Assert.True(feed.Pack.ExitCode == 0, feed.Pack.ToString());
        Assert.DoesNotContain(feed.Pack.Output.Split('\n'), line => line.Contains("warning", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("Convergence.Domain")]
    [InlineData("Convergence.Simulator")]
    [InlineData("Convergence.Testing")]
    [InlineData("Convergence")]
    public void Every_package_has_a_description_license_readme_repository_and_symbols(string id)
    {
        var (metadata, entries) = Read(id);

        Assert.Equal(id, metadata.Element(Nuspec(metadata, "id"))?.Value);
        Assert.Equal(feed.Version, metadata.Element(Nuspec(metadata, "version"))?.Value);
        Assert.False(string.IsNullOrWhiteSpace(metadata.Element(Nuspec(metadata, "description"))?.Value));
        var license = metadata.Element(Nuspec(metadata, "license"));
        Assert.Equal("expression", license?.Attribute("type")?.Value);
        Assert.Equal("MIT", license?.Value);
        Assert.Equal("README.md", metadata.Element(Nuspec(metadata, "readme"))?.Value);
        Assert.Contains("README.md", entries);
        var repository = metadata.Element(Nuspec(metadata, "repository"));
        Assert.Equal("git", repository?.Attribute("type")?.Value);
        Assert.Matches("^[0-9a-f]{40}$", repository?.Attribute("commit")?.Value ?? "");
        Assert.True(File.Exists(feed.PackagePath(id, "snupkg")), $"{id}: no symbols package");
    }

    [Fact]
    public void Libraries_depend_on_each_other_at_the_one_version_and_the_domain_on_nothing()
    {
        Assert.Empty(DependenciesOf("Convergence.Domain"));
        Assert.Equal(["Convergence.Domain", "ScottPlot"], DependenciesOf("Convergence.Simulator").Keys.Order());
        Assert.Equal(feed.Version, DependenciesOf("Convergence.Simulator")["Convergence.Domain"]);
        Assert.Equal(["Convergence.Simulator", "FsCheck"], DependenciesOf("Convergence.Testing").Keys.Order());
        Assert.Equal(feed.Version, DependenciesOf("Convergence.Testing")["Convergence.Simulator"]);
    }

    [Fact]
    public void The_tool_carries_its_dependencies_and_the_replica_server_pins_inside()
    {
        var (metadata, entries) = Read(PackedFeed.ToolId);

        Assert.Equal("DotnetTool", metadata.Element(Nuspec(metadata, "packageTypes"))?.Element(Nuspec(metadata, "packageType"))?.Attribute("name")?.Value);
        Assert.Empty(DependenciesOf(PackedFeed.ToolId));
        Assert.Contains("tools/net10.0/any/DotnetToolSettings.xml", entries);
        Assert.Contains("tools/net10.0/any/convergence.dll", entries);
        Assert.Contains("tools/net10.0/any/Convergence.Cluster.dll", entries);
        Assert.Contains("tools/net10.0/any/Convergence.Simulator.dll", entries);
        Assert.Contains("tools/net10.0/any/replica/package.json", entries);
        Assert.Contains("tools/net10.0/any/replica/package-lock.json", entries);
    }

    [Fact]
    public void The_consumer_sample_asks_for_the_version_the_repository_declares()
    {
        var pinned = RepositoryLayout.PropertyOf(Path.Combine(RepositoryLayout.ConsumerSample, "Directory.Packages.props"), "ConvergenceVersion");

        Assert.Equal(RepositoryLayout.VersionPrefix, pinned);
    }

    private (XElement Metadata, IReadOnlySet<string> Entries) Read(string id)
    {
        Assert.True(feed.Pack.ExitCode == 0, feed.Pack.ToString());
        using var package = ZipFile.OpenRead(feed.PackagePath(id));
        var nuspec = package.Entries.Single(e => e.FullName == $"{id}.nuspec");
        using var stream = nuspec.Open();
        var root = XDocument.Load(stream).Root!;
        var metadata = root.Element(root.Name.Namespace + "metadata")!;
        return (metadata, package.Entries.Select(e => e.FullName).ToHashSet());
    }

    private Dictionary<string, string> DependenciesOf(string id)
    {
        var metadata = Read(id).Metadata;
        return metadata.Descendants(Nuspec(metadata, "dependency")).ToDictionary(d => d.Attribute("id")!.Value, d => d.Attribute("version")!.Value);
    }

    /// <summary>A nuspec element's name: the schema namespace differs between packages (2012/06 for tools, 2013/05 for libraries).</summary>
    private static XName Nuspec(XElement metadata, string name) => metadata.Name.Namespace + name;
}

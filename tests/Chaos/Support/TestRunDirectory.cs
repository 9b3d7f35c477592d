namespace Convergence.Chaos.Tests.Support;

/// <summary>A fresh run folder under the temp directory, deleted on dispose.</summary>
public sealed class TestRunDirectory : IDisposable
{
    public TestRunDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "convergence-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a server killed a moment ago may still be releasing a file.
        }
    }
}

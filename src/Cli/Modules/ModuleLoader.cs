using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;
using System.Xml.Linq;
using Convergence.Domain.Modules;

namespace Convergence.Cli.Modules;

/// <summary>
/// Loads a designer's modules for <c>--module PATH</c>: every public, concrete
/// <see cref="DomainModule"/> with a parameterless constructor in an assembly. PATH is the
/// assembly itself, or a project file or folder, which is built first.
/// </summary>
public static class ModuleLoader
{
    public static async Task<IReadOnlyList<DomainModule>> LoadAsync(string path, CancellationToken cancellationToken)
    {
        var assemblyPath = await ResolveAssemblyAsync(Path.GetFullPath(path), cancellationToken).ConfigureAwait(false);
        Assembly assembly;
        Type[] types;
        try
        {
            // The default context resolves the module's reference to Convergence.Domain to the copy this
            // process already runs, so its types are the harness's types.
            assembly = AssemblyLoadContext.Default.LoadFromAssemblyPath(assemblyPath);
            types = assembly.GetExportedTypes();
        }
        catch (BadImageFormatException)
        {
            throw new ArgumentException($"--module {path}: {Path.GetFileName(assemblyPath)} is not a .NET assembly");
        }
        catch (Exception e) when (e is FileLoadException or FileNotFoundException or TypeLoadException or ReflectionTypeLoadException)
        {
            throw new ArgumentException($"--module {path}: {Path.GetFileName(assemblyPath)} cannot be loaded: {FirstLine(e.Message)}");
        }
        var modules = types
            .Where(t => t is { IsAbstract: false, IsClass: true } && typeof(DomainModule).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => Instantiate(t, path))
            .ToArray();
        if (modules.Length == 0)
            throw new ArgumentException($"--module {path}: {Path.GetFileName(assemblyPath)} has no public DomainModule with a parameterless constructor");
        return modules;
    }

    private static async Task<string> ResolveAssemblyAsync(string path, CancellationToken cancellationToken)
    {
        if (File.Exists(path) && path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)) return path;
        var project = Directory.Exists(path)
            ? Directory.GetFiles(path, "*.csproj").SingleOrDefault()
              ?? throw new ArgumentException($"--module {path}: the folder holds no single .csproj")
            : File.Exists(path) && path.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase)
                ? path
                : throw new ArgumentException($"--module {path}: expected a .dll, a .csproj or a folder with one");

        var output = Path.Combine(Path.GetTempPath(), "convergence-modules", Path.GetFileNameWithoutExtension(project));
        var build = Process.Start(new ProcessStartInfo("dotnet", ["build", project, "-c", "Debug", "--nologo", "-v", "q", "-o", output])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("could not start dotnet build");
        var log = build.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var errors = build.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await build.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Interrupted: the build is this process's child, stopped with it rather than left running.
            build.Kill(entireProcessTree: true);
            throw;
        }
        if (build.ExitCode != 0)
            throw new ArgumentException($"--module {project}: {BuildFailureSummary.Of(project, await log.ConfigureAwait(false) + "\n" + await errors.ConfigureAwait(false))}");

        var assemblyName = XDocument.Load(project).Descendants("AssemblyName").FirstOrDefault()?.Value
                           ?? Path.GetFileNameWithoutExtension(project);
        var dll = Path.Combine(output, assemblyName + ".dll");
        return File.Exists(dll) ? dll : throw new ArgumentException($"--module {project}: built, but {dll} is missing");
    }

    private static DomainModule Instantiate(Type type, string path)
    {
        try
        {
            return (DomainModule)Activator.CreateInstance(type)!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw new ArgumentException($"--module {path}: {type.Name}'s constructor threw {e.InnerException.GetType().Name}: {FirstLine(e.InnerException.Message)}");
        }
    }

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();

    /// <summary>The catalog extended with the modules of every path, in order.</summary>
    public static async Task<DomainCatalog> ExtendAsync(DomainCatalog catalog, IEnumerable<string> paths, CancellationToken cancellationToken)
    {
        foreach (var path in paths)
        {
            foreach (var module in await LoadAsync(path, cancellationToken).ConfigureAwait(false)) catalog = catalog.With(module);
        }
        return catalog;
    }

}

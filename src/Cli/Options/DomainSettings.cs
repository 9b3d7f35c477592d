using System.ComponentModel;
using Convergence.Cli.Modules;
using Convergence.Domain.Modules;
using Convergence.Simulator.Scenarios;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Convergence.Cli.Options;

/// <summary>
/// The options every run-like command shares to choose the domain: extra modules, and bounds for
/// the domain's eventual invariants (<c>--bound one-account-per-email=5s</c>).
/// </summary>
public abstract class DomainSettings : CommandSettings
{
    [CommandOption("--module <PATH>")]
    [Description("a module to add to the domain: its .dll, .csproj or project folder (repeatable)")]
    public string[] Modules { get; init; } = [];

    [CommandOption("--bound <NAME=D>")]
    [Description("how long after the last heal an eventual invariant may stay violated, e.g. one-account-per-email=5s (repeatable)")]
    public string[] Bounds { get; init; } = [];

    [CommandOption("--store <STORE>")]
    [Description(StoreChoice.StoreDescription)]
    public string Store { get; init; } = "memory";

    [CommandOption("--checkpoint <MODE>")]
    [Description(StoreChoice.CheckpointDescription)]
    public string Checkpoint { get; init; } = "with-state";

    public override ValidationResult Validate()
    {
        if (StoreChoice.Problem(Store, Checkpoint) is { } storeProblem) return ValidationResult.Error(storeProblem);
        foreach (var bound in Bounds)
        {
            if (!TryParseBound(bound, out _, out _))
                return ValidationResult.Error($"--bound must look like NAME=5s, got '{bound}'");
        }
        return ValidationResult.Success();
    }

    /// <summary>The declared bounds by invariant name.</summary>
    public IReadOnlyDictionary<string, TimeSpan> InvariantBounds() =>
        Bounds.Select(b => TryParseBound(b, out var name, out var d) ? (name, d) : throw new ArgumentException($"bad --bound '{b}'"))
            .ToDictionary(b => b.name, b => b.d, StringComparer.Ordinal);

    /// <summary>The injected domain extended with <see cref="Modules"/>; a bound naming no invariant of it is bad input.</summary>
    public async Task<DomainCatalog> DomainAsync(DomainCatalog catalog, CancellationToken cancellationToken)
    {
        var domain = StoreChoice.Apply(await ModuleLoader.ExtendAsync(catalog, Modules, cancellationToken).ConfigureAwait(false), Store, Checkpoint);
        var known = domain.Modules.SelectMany(m => m.EventualInvariants).Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var name in InvariantBounds().Keys.Where(n => !known.Contains(n)))
            throw new ArgumentException($"--bound {name}: no such eventual invariant (known: {string.Join(", ", known.Order())})");
        return domain;
    }

    /// <summary>The options that recreate this domain, for replay commands.</summary>
    public string DomainOptionsText() =>
        string.Join(" ", Modules.Select(m => $"--module {m}").Append(StoreChoice.OptionsText(Store, Checkpoint)).Where(o => o.Length > 0));

    /// <summary><paramref name="domain"/> with each region's database a file <c>&lt;region&gt;.sqlite</c> under <paramref name="directory"/> (sqlite only).</summary>
    public DomainCatalog WithRegionFiles(DomainCatalog domain, string directory) => StoreChoice.Apply(domain, Store, Checkpoint, directory);

    private static bool TryParseBound(string text, out string name, out TimeSpan duration)
    {
        var parts = text.Split('=', 2);
        name = parts[0].Trim();
        duration = default;
        return parts.Length == 2 && name.Length > 0 && DurationText.TryParse(parts[1], out duration) && duration > TimeSpan.Zero;
    }
}

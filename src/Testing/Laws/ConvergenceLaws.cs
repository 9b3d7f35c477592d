using Convergence.Domain.Modules;
using Convergence.Simulator.Certification;
using Convergence.Simulator.Engine;
using Convergence.Simulator.Scenarios;
using Convergence.Simulator.Simulation;

namespace Convergence.Testing.Laws;

/// <summary>
/// The certification of <c>convergence check</c> from a test: every pair of event types commutes, applied twice equals
/// once, nothing throws, the spec agrees, every racing pair was delivered in both orders, and eventual invariants hold
/// within their bounds in a simulated run. <c>VerifyAsync</c> fails the test with the shrunk counterexamples.
/// </summary>
/// <example>
/// <code>
/// [Fact]
/// public Task Visits_converge() => ConvergenceLaws.VerifyAsync(new VisitModule());
/// </code>
/// </example>
public static class ConvergenceLaws
{
    /// <summary>Certifies <paramref name="module"/> added to <see cref="ConvergenceLawOptions.Base"/>; throws <see cref="ConvergenceLawException"/> when a law fails.</summary>
    public static Task<ConvergenceVerdict> VerifyAsync(DomainModule module, ConvergenceLawOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= ConvergenceLawOptions.Default;
        return VerifyAsync(options.Base.With(module), options, cancellationToken);
    }

    /// <summary>Certifies the whole <paramref name="domain"/>; throws <see cref="ConvergenceLawException"/> when a law fails.</summary>
    public static async Task<ConvergenceVerdict> VerifyAsync(DomainCatalog domain, ConvergenceLawOptions? options = null, CancellationToken cancellationToken = default)
    {
        var verdict = await CertifyAsync(domain, options, cancellationToken).ConfigureAwait(false);
        return verdict.Passed ? verdict : throw new ConvergenceLawException(verdict.Describe(), verdict.Certification, verdict.InvariantRun);
    }

    /// <summary>The verdict as a value, pass or fail, for tests that assert on the report itself.</summary>
    public static async Task<ConvergenceVerdict> CertifyAsync(DomainCatalog domain, ConvergenceLawOptions? options = null, CancellationToken cancellationToken = default)
    {
        options = (options ?? ConvergenceLawOptions.Default).Validate();
        var known = domain.Modules.SelectMany(m => m.EventualInvariants).Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var name in options.InvariantBounds.Keys.Where(n => !known.Contains(n)))
            throw new ArgumentException($"InvariantBounds names '{name}', which is no eventual invariant of {domain} (known: {string.Join(", ", known.Order())})");

        var certification = HandlerCertification.Run(domain, options.Certification, cancellationToken);
        RunOutcome? invariantRun = null;
        // Invariants that may hold only eventually cannot be judged on single states: they are timed in a simulated
        // run of the scenario with the same seed, as `convergence check` does.
        if (known.Count > 0)
        {
            var scenario = ScenarioCatalog.Create(options.InvariantScenario, options.Certification.Seed,
                new ScenarioOverrides(InvariantBounds: options.InvariantBounds));
            invariantRun = await Simulate.RunAsync(scenario, domain, cancellationToken: cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
        return new ConvergenceVerdict(domain, certification, invariantRun, options);
    }
}

namespace Convergence.Simulator.Reports;

/// <summary>
/// A section a caller adds to <c>report.md</c> after the standard ones (a live run's comparison with the simulator,
/// say), so <see cref="ReportWriter"/> stays engine-neutral. <paramref name="Markdown"/> is the body under the heading.
/// </summary>
public sealed record ReportSection(string Title, string Markdown);

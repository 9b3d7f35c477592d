namespace Convergence.Simulator.Runs;

/// <summary>
/// How the liveness phase ended: reached at <see cref="AtUs"/>, or not within the bound, with
/// <see cref="Pending"/> saying what was still outstanding (TigerBeetle's <c>Pending()</c>).
/// </summary>
public sealed record Quiescence(bool Reached, long AtUs, string? Pending)
{
    public static Quiescence ReachedAt(long atUs) => new(true, atUs, null);

    public static Quiescence NotReached(long atUs, string pending) => new(false, atUs, pending);
}

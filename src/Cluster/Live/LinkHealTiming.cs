namespace Convergence.Cluster.Live;

/// <summary>
/// One heal timed on one link: from the heal (proxy enabled, toxic removed, server restarted) until the first document
/// the target lacked at the heal arrived there; <see cref="FirstDocument"/> is null when none arrived within the probe's bound.
/// </summary>
public sealed record LinkHealTiming(string Link, string What, long HealedAtUs, TimeSpan? FirstDocument, int MissingAtHeal)
{
    /// <summary>
    /// True when the timing used documents only this link could deliver (no other region replicating into the target
    /// held them at the heal); false when every missing document was held elsewhere too, so the first arrival may have
    /// come through a third region.
    /// </summary>
    public bool Direct { get; init; } = true;

    public override string ToString() =>
        $"{Link} after {What}: {(FirstDocument is { } t ? $"{t.TotalMilliseconds:0} ms" : "nothing arrived")} ({MissingAtHeal} documents missing{(Direct ? "" : "; any route")})";
}

namespace Convergence.Simulator.Histories;

/// <summary>How a concurrent history is generated: region count, client steps and how often regions sync.</summary>
public sealed record HistoryOptions
{
    public int Regions { get; init; } = 3;

    /// <summary>Client actions to attempt in total (actions with nothing to act on are skipped).</summary>
    public int Actions { get; init; } = 30;

    /// <summary>Chance that a step delivers events between two regions instead of acting.</summary>
    public double DeliveryProbability { get; init; } = 0.45;

    /// <summary>Most events one delivery carries; fewer means longer divergence and more races.</summary>
    public int MaxDeliveryBatch { get; init; } = 3;

    /// <summary>
    /// Swarm testing (Groce et al.): each history draws from its seed a subset of the client actions
    /// to use, so the ones left race with each other far more often than in the full mix.
    /// </summary>
    public bool Swarm { get; init; }

    /// <summary>Actions every swarm keeps, because most others need what they create.</summary>
    public IReadOnlySet<string> AlwaysEnabled { get; init; } = new HashSet<string> { "register", "create-post" };

    /// <summary>
    /// Wild mode: about half of the client-proposed events are turned into well-formed but
    /// client-implausible ones (see <see cref="WildEvents"/>): references to anything, hostile ids and
    /// texts, lists of observed events naming any event. Handlers and spec must still agree.
    /// </summary>
    public bool Wild { get; init; }

    /// <summary>
    /// Whether to record each event's causal past (what its region had seen). Needed to classify
    /// races; costs memory quadratic in the history's length, so large histories turn it off.
    /// </summary>
    public bool TrackCausalPast { get; init; } = true;

    public HistoryOptions Validate()
    {
        if (Regions is < 1 or > 26) throw new ArgumentOutOfRangeException(nameof(Regions), Regions, "1 to 26 regions");
        if (Actions < 0) throw new ArgumentOutOfRangeException(nameof(Actions), Actions, "cannot be negative");
        if (DeliveryProbability is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(DeliveryProbability));
        if (MaxDeliveryBatch < 1) throw new ArgumentOutOfRangeException(nameof(MaxDeliveryBatch));
        return this;
    }
}

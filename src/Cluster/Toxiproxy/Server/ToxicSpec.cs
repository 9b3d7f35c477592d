namespace Convergence.Cluster.Toxiproxy;

/// <summary>
/// One toxic as configured through the API: immutable, so an update publishes a new instance and
/// connections notice the change by reference.
/// </summary>
internal sealed record ToxicSpec(
    string Name,
    ToxicKind Kind,
    ToxicDirection Direction,
    double Toxicity,
    ToxicAttributes Attributes);

namespace Convergence.Cluster.Toxiproxy;

/// <summary>Clock and randomness shared by every connection of one server.</summary>
internal sealed record ToxicEnvironment(TimeProvider Time, ToxicRandom Random)
{
    public long ToTimestampTicks(TimeSpan duration) => (long)(duration.TotalSeconds * Time.TimestampFrequency);
}

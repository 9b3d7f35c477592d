using Convergence.Cluster.Replicas;
using Xunit;

namespace Convergence.Chaos.Tests.Replicas;

/// <summary>A fact that is skipped, with the reason, where no Docker daemon can be reached (xunit 2 has no dynamic skip).</summary>
public sealed class DockerFactAttribute : FactAttribute
{
    public DockerFactAttribute()
    {
        if (DockerAvailability.UnavailableReason() is { } reason)
        {
            Skip = reason;
        }
    }
}

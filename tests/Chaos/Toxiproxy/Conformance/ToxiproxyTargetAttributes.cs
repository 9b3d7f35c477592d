using System.Reflection;
using Convergence.Cluster.Toxiproxy;
using Xunit.Sdk;

namespace Convergence.Chaos.Tests.Toxiproxy.Conformance;

/// <summary>A conformance row against the embedded server; always runs.</summary>
public sealed class EmbeddedTargetAttribute : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[ToxiproxyTargetKind.Embedded]];
}

/// <summary>
/// A conformance row against the Toxiproxy at <c>TOXIPROXY_URL</c>; skipped, with the reason, when the variable
/// is not set (xunit 2 reads a data attribute's Skip per row, as DockerFact does for facts).
/// </summary>
public sealed class ExternalTargetAttribute : DataAttribute
{
    public ExternalTargetAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(ToxiproxyBackend.UrlEnvironmentVariable)))
        {
            Skip = $"set {ToxiproxyBackend.UrlEnvironmentVariable} to a dedicated Toxiproxy 2.12 API on this host (e.g. http://127.0.0.1:8474) to run the conformance suite against it";
        }
    }

    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[ToxiproxyTargetKind.External]];
}

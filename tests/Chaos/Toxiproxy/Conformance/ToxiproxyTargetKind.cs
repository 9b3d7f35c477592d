namespace Convergence.Chaos.Tests.Toxiproxy.Conformance;

/// <summary>Which server a conformance test talks to.</summary>
public enum ToxiproxyTargetKind
{
    /// <summary>A fresh embedded server per test.</summary>
    Embedded,

    /// <summary>The Toxiproxy at <c>TOXIPROXY_URL</c> (every proxy on it is deleted before each test).</summary>
    External,
}

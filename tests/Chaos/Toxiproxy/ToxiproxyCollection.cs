using Xunit;

namespace Convergence.Chaos.Tests.Toxiproxy;

/// <summary>Runs the proxy tests one at a time: their timing bounds assume the 2 cores are not shared among them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ToxiproxyCollection
{
    public const string Name = "Toxiproxy";
}

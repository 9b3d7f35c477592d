using Convergence.Domain.Modules;
using Convergence.Properties.Tests.NegativeControl;

namespace Convergence.Properties.Tests.Generators;

/// <summary>The domains the properties run on: immutable, shared by every test.</summary>
public static class Catalogs
{
    public static DomainCatalog Convergent { get; } = DomainCatalog.SocialNetwork();

    /// <summary>The seed's naive handlers: the known-bad set every check must reject.</summary>
    public static DomainCatalog Naive { get; } = new(new NaiveSocialModule());

    /// <summary>Social plus a module whose hidden state depends on arrival order while its view does not.</summary>
    public static DomainCatalog HiddenState { get; } = DomainCatalog.SocialNetwork().With(new HiddenStateModule());
}

using Convergence.Domain.Modules;
using Convergence.Properties.Tests.NegativeControl;
using Convergence.Stores.Sqlite;

namespace Convergence.Properties.Tests.Generators;

/// <summary>The domains the properties run on: immutable, shared by every test.</summary>
public static class Catalogs
{
    public static DomainCatalog Convergent { get; } = DomainCatalog.SocialNetwork();

    /// <summary>The seed's naive handlers: the known-bad set every check must reject.</summary>
    public static DomainCatalog Naive { get; } = new(new NaiveSocialModule());

    /// <summary>The convergent social handlers in SQL, each model in its own in-memory SQLite database.</summary>
    public static DomainCatalog SocialSql { get; } = Convergent.WithStore(new SqliteStore());

    /// <summary>The seed's naive rules in SQL: the known-bad set for the SQL store.</summary>
    public static DomainCatalog NaiveSql { get; } = new DomainCatalog(new NaiveSqlSocialModule()).WithStore(new SqliteStore());

    /// <summary>Social plus a module whose hidden state depends on arrival order while its view does not.</summary>
    public static DomainCatalog HiddenState { get; } = DomainCatalog.SocialNetwork().With(new HiddenStateModule());
}

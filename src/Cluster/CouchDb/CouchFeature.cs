namespace Convergence.Cluster.CouchDb;

/// <summary>
/// The answer of an endpoint that not every server has (<c>_scheduler</c>, <c>_up</c> on pouchdb-server):
/// either the value, or "not supported" — a value, not an exception.
/// </summary>
public readonly record struct CouchFeature<T>(bool IsSupported, T? Value)
{
    public static CouchFeature<T> NotSupported => new(false, default);

    public static CouchFeature<T> Supported(T value) => new(true, value);
}

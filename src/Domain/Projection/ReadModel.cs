using Convergence.Domain.Envelope;
using Convergence.Domain.Identity;
using Convergence.Domain.Modules;
using Convergence.Domain.Stores;
using Convergence.Domain.Views;

namespace Convergence.Domain.Projection;

/// <summary>
/// One region's read model: every module's projection, fed events in the region's own order.
/// </summary>
public sealed class ReadModel
{
    private readonly ModuleProjection[] _projections;
    private readonly EventIdentityLedger _identity;

    /// <summary>A fresh, throwaway model in the catalog's store.</summary>
    public ReadModel(DomainCatalog catalog)
        : this(catalog, catalog.Store.Open(catalog, null))
    {
    }

    /// <summary>A fresh model over <paramref name="store"/> (a region's durable store, say).</summary>
    public ReadModel(DomainCatalog catalog, RegionStore store)
        : this(catalog, store, 0, new EventIdentityLedger())
    {
    }

    private ReadModel(DomainCatalog catalog, RegionStore store, long applied, EventIdentityLedger identity)
    {
        Catalog = catalog;
        Store = store;
        _projections = [.. store.Projections];
        AppliedCount = applied;
        _identity = identity;
    }

    public DomainCatalog Catalog { get; }

    /// <summary>Where this model's state lives.</summary>
    public RegionStore Store { get; }

    /// <summary>How many deliveries were folded in, repeats included.</summary>
    public long AppliedCount { get; private set; }

    /// <summary>Event ids delivered with a second, different body (law L0); those deliveries were refused.</summary>
    public IReadOnlyList<IdentityConflict> IdentityConflicts => _identity.Conflicts;

    /// <summary>
    /// Folds one delivered event into the model (law L4: handlers never throw). A delivery whose id
    /// was applied before with another body is refused and recorded (law L0), never folded in.
    /// </summary>
    public void Apply(EventEnvelope envelope)
    {
        if (!_identity.Admit(envelope))
        {
            AppliedCount++;
            return;
        }
        // Most domains are one module: skip the type lookup (the module rejects types it does not know).
        var projection = _projections.Length == 1 ? _projections[0] : _projections[Catalog.ModuleIndexOf(envelope.Payload.GetType())];
        projection.Apply(envelope);
        AppliedCount++;
    }

    /// <summary>The projection of the module of type <typeparamref name="T"/>, for client actions and queries.</summary>
    public T Get<T>() where T : class =>
        _projections.OfType<T>().FirstOrDefault()
        ?? throw new InvalidOperationException($"no module projection of type {typeof(T).Name} in {Catalog}");

    public T? Find<T>() where T : class => _projections.OfType<T>().FirstOrDefault();

    public ReadModel Clone() => new(Catalog, Store.Clone(), AppliedCount, _identity.Clone());

    /// <summary>The view at one of the two comparison levels.</summary>
    public ReadModelView At(ComparisonLevel level) => level == ComparisonLevel.View ? ToView() : ToState();

    /// <summary>Every module's whole state (<see cref="ModuleProjection.DescribeState"/>): the second comparison level.</summary>
    public ReadModelView ToState()
    {
        var state = new ViewBuilder();
        for (var i = 0; i < _projections.Length; i++)
        {
            state.EnterModule(Catalog.Modules[i].Name);
            _projections[i].DescribeState(state);
        }
        return state.Build();
    }

    public ReadModelView ToView()
    {
        var identity = _projections.Select(p => p.Identity()).FirstOrDefault(f => f is not null) ?? (u => u);
        var context = new ViewContext(identity);
        var view = new ViewBuilder();
        for (var i = 0; i < _projections.Length; i++)
        {
            view.EnterModule(Catalog.Modules[i].Name);
            _projections[i].Describe(context, view);
        }
        return view.Build();
    }

    public string Digest() => ToView().Digest;

    /// <summary>Folds events in the given order into a fresh model.</summary>
    public static ReadModel FromDeliveries(DomainCatalog catalog, IEnumerable<EventEnvelope> deliveries)
    {
        var model = new ReadModel(catalog);
        foreach (var envelope in deliveries) model.Apply(envelope);
        return model;
    }
}

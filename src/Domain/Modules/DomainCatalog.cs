using System.Diagnostics.CodeAnalysis;
using Convergence.Domain.Events;
using Convergence.Domain.Social;
using Convergence.Domain.Stores;

namespace Convergence.Domain.Modules;

/// <summary>The set of modules that make up a domain: the event types, handlers and workload in use.</summary>
public sealed class DomainCatalog
{
    private readonly Dictionary<Type, int> _moduleByType = [];
    private readonly Dictionary<Type, EventTypeRegistration> _registrationByType = [];
    private readonly Dictionary<string, Type> _typeByWireName = new(StringComparer.Ordinal);

    public DomainCatalog(IEnumerable<DomainModule> modules)
    {
        Modules = modules.ToArray();
        if (Modules.Count == 0) throw new ArgumentException("a domain needs at least one module", nameof(modules));
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Modules.Count; i++)
        {
            var module = Modules[i];
            if (!names.Add(module.Name)) throw new ArgumentException($"two modules are named '{module.Name}'", nameof(modules));
            foreach (var registration in module.EventTypes)
            {
                if (!_typeByWireName.TryAdd(registration.WireName, registration.ClrType))
                    throw new ArgumentException($"wire name '{registration.WireName}' is registered twice", nameof(modules));
                _moduleByType.Add(registration.ClrType, i);
                _registrationByType.Add(registration.ClrType, registration);
            }
        }
        EventTypes = Modules.SelectMany(m => m.EventTypes).ToArray();
    }

    private DomainCatalog(DomainCatalog domain, IReadModelStore store) : this(domain.Modules)
    {
        Store = store;
    }

    public DomainCatalog(params DomainModule[] modules) : this((IEnumerable<DomainModule>)modules)
    {
    }

    /// <summary>The convergent social network on its own.</summary>
    public static DomainCatalog SocialNetwork() => new(new SocialNetworkModule());

    public IReadOnlyList<DomainModule> Modules { get; }

    /// <summary>Where every region keeps its read model (in memory unless <see cref="WithStore"/> says otherwise).</summary>
    public IReadModelStore Store { get; } = MemoryStore.Instance;

    public IReadOnlyList<EventTypeRegistration> EventTypes { get; }

    public DomainCatalog With(DomainModule module) => new DomainCatalog(Modules.Append(module)).WithStore(Store);

    /// <summary>The same domain with its read models kept in <paramref name="store"/>.</summary>
    public DomainCatalog WithStore(IReadModelStore store) => ReferenceEquals(store, Store) ? this : new(this, store);

    public int ModuleIndexOf(Type eventType) =>
        _moduleByType.TryGetValue(eventType, out var index)
            ? index
            : throw new ArgumentException($"event type {eventType.Name} is not registered in this domain");

    public EventTypeRegistration RegistrationOf(Type eventType) =>
        _registrationByType.TryGetValue(eventType, out var registration)
            ? registration
            : throw new ArgumentException($"event type {eventType.Name} is not registered in this domain");

    public string WireNameOf(Type eventType) => RegistrationOf(eventType).WireName;

    public string ShortNameOf(DomainEvent payload) => RegistrationOf(payload.GetType()).ShortName;

    public bool TryGetEventType(string wireName, [NotNullWhen(true)] out Type? type) =>
        _typeByWireName.TryGetValue(wireName, out type);

    public IEnumerable<string> EntitiesOf(DomainEvent payload) => Modules[ModuleIndexOf(payload.GetType())].EntitiesOf(payload);

    public override string ToString() => string.Join("+", Modules.Select(m => m.Name)) + (Store == MemoryStore.Instance ? "" : $" ({Store.Name})");
}

using System.Reflection;
using Convergence.Domain.Events;
using Convergence.Domain.Identity;
using Convergence.Domain.Workload;

namespace Convergence.Simulator.Histories;

/// <summary>
/// Turns client-shaped events into well-formed but client-implausible ones, as real logs hold them
/// (other versions, other clients, bugs): any id field may name anything ever mentioned in the
/// history, of any type (a post id reused as a user id), or a hostile id (<c>x~y</c>, <c>a->b</c>,
/// <c>a,b</c>, a line break, an empty string); text fields get hostile text; a list of observed
/// events may name any event of the history (an unlike naming another user's like). Event ids
/// stay unique: a reused event id is not well-formed, it breaks law L0.
/// </summary>
/// <remarks>
/// Works on any module's events by their primary constructor: parameters of an id type (a
/// single-string record struct such as <see cref="UserId"/>), of <see cref="string"/> and of
/// <see cref="ObservedEvents"/> are candidates; everything else is kept.
/// </remarks>
public sealed class WildEvents
{
    /// <summary>Ids and texts that break any code giving meaning to separators or assuming printable text.</summary>
    public static readonly IReadOnlyList<string> HostileStrings =
        ["x~y", "x~y~z", "a->b", "a,b", "line\nbreak", "tab\there", "a: b", "", " ", "on p by u: t", "\"quoted\"", "back\\slash", "ü∂", "/", "x/y"];

    private readonly List<string> _mentioned = [];
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);
    private readonly List<EventId> _events = [];

    /// <summary>Remembers what an event mentions and its id, so later wild events can refer to it.</summary>
    public void Observe(EventId id, DomainEvent payload)
    {
        _events.Add(id);
        foreach (var (parameter, value) in Arguments(payload))
        {
            if (IdValue(parameter.ParameterType, value) is { } text && _known.Add(text)) _mentioned.Add(text);
        }
    }

    /// <summary>A copy of <paramref name="payload"/> with each candidate field replaced with probability <paramref name="chance"/>.</summary>
    public DomainEvent Mutate(DomainEvent payload, IRandomSource random, double chance = 0.35)
    {
        var constructor = PrimaryConstructor(payload.GetType());
        if (constructor is null) return payload;
        var arguments = Arguments(payload).ToArray();
        var values = new object?[arguments.Length];
        var changed = false;
        for (var i = 0; i < arguments.Length; i++)
        {
            var (parameter, value) = arguments[i];
            values[i] = value;
            if (random.NextDouble() >= chance) continue;
            var replacement = Replacement(parameter.ParameterType, random);
            if (replacement is null) continue;
            values[i] = replacement;
            changed = true;
        }
        return changed ? (DomainEvent)constructor.Invoke(values) : payload;
    }

    private object? Replacement(Type type, IRandomSource random)
    {
        if (type == typeof(ObservedEvents))
            return new ObservedEvents(_events.Where(_ => random.Next(3) == 0).Take(4));
        if (type == typeof(string)) return Pick(random);
        var idConstructor = IdConstructor(type);
        return idConstructor?.Invoke([Pick(random)]);
    }

    private string Pick(IRandomSource random) =>
        _mentioned.Count == 0 || random.Next(3) == 0 ? HostileStrings[random.Next(HostileStrings.Count)] : _mentioned[random.Next(_mentioned.Count)];

    private static IEnumerable<(ParameterInfo Parameter, object? Value)> Arguments(DomainEvent payload)
    {
        var type = payload.GetType();
        var constructor = PrimaryConstructor(type);
        if (constructor is null) yield break;
        foreach (var parameter in constructor.GetParameters())
        {
            var property = type.GetProperty(parameter.Name!, BindingFlags.Public | BindingFlags.Instance);
            yield return (parameter, property?.GetValue(payload));
        }
    }

    private static string? IdValue(Type type, object? value) =>
        value is null ? null : type == typeof(string) ? null : IdConstructor(type) is null ? null : type.GetProperty("Value")?.GetValue(value) as string;

    /// <summary>The constructor of a record whose parameters all have a property of the same name.</summary>
    private static ConstructorInfo? PrimaryConstructor(Type type) =>
        type.GetConstructors().Where(c => c.GetParameters().Length > 0 &&
                                          c.GetParameters().All(p => type.GetProperty(p.Name!, BindingFlags.Public | BindingFlags.Instance) is not null))
            .MaxBy(c => c.GetParameters().Length);

    /// <summary>For an id type (a value type wrapping one string), its constructor.</summary>
    private static ConstructorInfo? IdConstructor(Type type) =>
        type.IsValueType ? type.GetConstructor([typeof(string)]) : null;
}

using Spectre.Console.Cli;

namespace Convergence.Cli.Infrastructure;

/// <summary>The smallest container Spectre.Console.Cli needs: registered instances, and constructor injection for the rest.</summary>
internal sealed class TypeRegistrar : ITypeRegistrar
{
    private readonly Dictionary<Type, Func<object>> _factories = [];
    private readonly Dictionary<Type, Type> _implementations = [];

    public void Register(Type service, Type implementation) => _implementations[service] = implementation;

    public void RegisterInstance(Type service, object implementation) => _factories[service] = () => implementation;

    public void RegisterLazy(Type service, Func<object> factory)
    {
        object? created = null;
        _factories[service] = () => created ??= factory();
    }

    public ITypeResolver Build() => new TypeResolver(_factories, _implementations);

    private sealed class TypeResolver(Dictionary<Type, Func<object>> factories, Dictionary<Type, Type> implementations) : ITypeResolver
    {
        public object? Resolve(Type? type)
        {
            if (type is null) return null;
            if (factories.TryGetValue(type, out var factory)) return factory();
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>))
            {
                // Spectre asks for all implementations of a service (help providers, interceptors): none or the one registered.
                var element = type.GetGenericArguments()[0];
                var single = factories.ContainsKey(element) || implementations.ContainsKey(element) ? Resolve(element) : null;
                var array = Array.CreateInstance(element, single is null ? 0 : 1);
                if (single is not null) array.SetValue(single, 0);
                return array;
            }
            var concrete = implementations.TryGetValue(type, out var implementation) ? implementation : type;
            if (concrete.IsAbstract || concrete.IsInterface) return null;
            var constructor = concrete.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault();
            if (constructor is null) return Activator.CreateInstance(concrete);
            var arguments = constructor.GetParameters().Select(p => Resolve(p.ParameterType)).ToArray();
            return constructor.Invoke(arguments);
        }
    }
}

namespace Convergence.Cluster.Toxiproxy;

/// <summary>
/// A proxy's toxics in insertion order. Writers (the API) copy on write under a lock; the data path
/// only reads <see cref="Current"/>, so adding or removing a toxic never waits for traffic.
/// </summary>
internal sealed class ToxicChain
{
    private readonly Lock gate = new();
    private volatile ToxicChainSnapshot current = new([]);

    /// <summary>The toxics now in force; its <see cref="ToxicChainSnapshot.Superseded"/> fires when they change.</summary>
    public ToxicChainSnapshot Current => current;

    public ToxicSpec? Find(string name)
    {
        foreach (var toxic in current.Toxics)
        {
            if (toxic.Name == name)
            {
                return toxic;
            }
        }

        return null;
    }

    /// <summary>Appends a toxic; false when one with the same name exists (names are unique across directions).</summary>
    public bool TryAdd(ToxicSpec toxic)
    {
        lock (gate)
        {
            if (Find(toxic.Name) is not null)
            {
                return false;
            }

            Publish([.. current.Toxics, toxic]);
            return true;
        }
    }

    /// <summary>Replaces the toxic of the same name in place (keeping its position in the chain).</summary>
    public bool TryReplace(ToxicSpec toxic)
    {
        lock (gate)
        {
            var toxics = current.Toxics.ToArray();
            var index = Array.FindIndex(toxics, t => t.Name == toxic.Name);
            if (index < 0)
            {
                return false;
            }

            toxics[index] = toxic;
            Publish(toxics);
            return true;
        }
    }

    public bool TryRemove(string name)
    {
        lock (gate)
        {
            var toxics = current.Toxics;
            if (!toxics.Any(t => t.Name == name))
            {
                return false;
            }

            Publish(toxics.Where(t => t.Name != name).ToArray());
            return true;
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            if (current.Toxics.Count > 0)
            {
                Publish([]);
            }
        }
    }

    private void Publish(IReadOnlyList<ToxicSpec> toxics)
    {
        var previous = current;
        current = new ToxicChainSnapshot(toxics);
        previous.MarkSuperseded();
    }
}

namespace Convergence.Simulator.Histories;

/// <summary>Greedy shrinking: keep taking the first smaller candidate that still fails, until none does.</summary>
public static class Shrinker
{
    /// <summary>The smallest failing value reachable, and how many shrink steps it took.</summary>
    public static (T Value, int Steps) Shrink<T>(T failing, Func<T, IEnumerable<T>> candidates, Func<T, bool> fails, int maxSteps = 10_000)
    {
        var steps = 0;
        var current = failing;
        var progressed = true;
        while (progressed && steps < maxSteps)
        {
            progressed = false;
            foreach (var candidate in candidates(current))
            {
                if (!fails(candidate)) continue;
                current = candidate;
                steps++;
                progressed = true;
                break;
            }
        }
        return (current, steps);
    }
}

using Convergence.Domain.Envelope;

namespace Convergence.Domain.Social;

/// <summary>A last-writer-wins register: the value of the write with the greatest stamp.</summary>
internal struct LwwRegister<T>
{
    public EventStamp Stamp;
    public T Value;
    public bool IsSet;

    public void Offer(EventStamp stamp, T value)
    {
        if (IsSet && !(stamp > Stamp)) return;
        Stamp = stamp;
        Value = value;
        IsSet = true;
    }

    public void Offer(in LwwRegister<T> other)
    {
        if (other.IsSet) Offer(other.Stamp, other.Value);
    }
}

using Convergence.Domain.Envelope;
using Convergence.Properties.Tests.Generators;
using Convergence.Simulator.Histories;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Convergence.Properties.Tests.Envelope;

/// <summary>The CouchDB document form of every generated event reads back as the same event.</summary>
[Properties(Arbitrary = [typeof(HistoryArbitraries)], MaxTest = 100)]
public sealed class EventCodecProperties
{
    private static readonly EventCodec Codec = new(Catalogs.Convergent);

    [Property]
    public Property Every_generated_event_round_trips_through_its_document(ConcurrentHistory history)
    {
        var failures = history.Envelopes
            .Select(e => (Original: e, Decoded: Codec.Decode(Codec.Encode(e))))
            .Where(x => !x.Decoded.IsEvent || !x.Decoded.Envelope.Equals(x.Original))
            .Select(x => $"{x.Original} -> {x.Decoded.Envelope?.ToString() ?? x.Decoded.Error!.ToString()}")
            .ToArray();
        return (failures.Length == 0).Label(string.Join("\n", failures));
    }

    [Property]
    public Property Encoding_is_deterministic(ConcurrentHistory history) =>
        history.Envelopes.All(e => Codec.Encode(e) == Codec.Encode(Codec.Decode(Codec.Encode(e)).Envelope!)).ToProperty();
}

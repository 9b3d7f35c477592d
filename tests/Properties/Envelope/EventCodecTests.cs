using Convergence.Domain.Clock;
using Convergence.Domain.Envelope;
using Convergence.Domain.Identity;
using Convergence.Domain.Social;
using Convergence.Properties.Tests.Generators;

namespace Convergence.Properties.Tests.Envelope;

/// <summary>Documents that are not valid events come back as typed errors, never exceptions.</summary>
public sealed class EventCodecTests
{
    private static readonly EventCodec Codec = new(Catalogs.Convergent);

    private static readonly EventEnvelope Sample = new(new EventId("eu-1"), new RegionId("eu"), new HybridTimestamp(1700000000000, 3),
        DateTimeOffset.FromUnixTimeMilliseconds(1700000000000), new PostCreated(new PostId("p1"), new UserId("u1"), "hi", null));

    [Fact]
    public void Document_uses_the_event_id_as_couchdb_id_and_the_versioned_wire_name()
    {
        var json = Codec.Encode(Sample);

        Assert.StartsWith("{\"_id\":\"eu-1\",\"type\":\"v1.PostCreated\",\"origin\":\"eu\",\"hlc\":{\"wallMs\":1700000000000,\"counter\":3}", json);
        Assert.Contains("\"payload\":{\"post\":\"p1\",\"author\":\"u1\",\"text\":\"hi\",\"location\":null}", json);
    }

    [Fact]
    public void A_stored_document_with_a_revision_reads_back_as_the_same_event()
    {
        var stored = Codec.Encode(Sample).Replace("{\"_id\":\"eu-1\",", "{\"_id\":\"eu-1\",\"_rev\":\"1-abc\",");

        Assert.Equal(Sample, Codec.Decode(stored).Envelope);
    }

    [Theory]
    [InlineData("not json", EventDocumentErrorKind.BadJson)]
    [InlineData("[1,2]", EventDocumentErrorKind.BadJson)]
    [InlineData("{\"_id\":\"x\",\"name\":\"a foreign document\"}", EventDocumentErrorKind.MissingField)]
    [InlineData("{\"_design/x\":1}", EventDocumentErrorKind.MissingField)]
    [InlineData("{\"_id\":\"_design/app\",\"views\":{}}", EventDocumentErrorKind.NotAnEvent)]
    public void Invalid_documents_are_reported_with_their_kind(string json, EventDocumentErrorKind kind)
    {
        var result = Codec.Decode(json);

        Assert.False(result.IsEvent);
        Assert.Equal(kind, result.Error!.Kind);
    }

    [Fact]
    public void An_event_type_from_a_newer_version_is_an_unknown_type()
    {
        var result = Codec.Decode(Codec.Encode(Sample).Replace("v1.PostCreated", "v2.PostCreated"));

        Assert.Equal(EventDocumentErrorKind.UnknownType, result.Error!.Kind);
        Assert.Equal("eu-1", result.Error.DocumentId);
    }

    [Fact]
    public void A_payload_missing_a_required_field_names_it()
    {
        var result = Codec.Decode(Codec.Encode(Sample).Replace("\"author\":\"u1\",", ""));

        Assert.Equal(EventDocumentErrorKind.MissingField, result.Error!.Kind);
        Assert.Contains("author", result.Error.Detail);
    }

    [Fact]
    public void A_payload_of_the_wrong_shape_is_invalid()
    {
        var result = Codec.Decode(Codec.Encode(Sample).Replace("\"text\":\"hi\"", "\"text\":42"));

        Assert.Equal(EventDocumentErrorKind.InvalidPayload, result.Error!.Kind);
    }

    [Fact]
    public void A_missing_envelope_field_is_named()
    {
        var result = Codec.Decode(Codec.Encode(Sample).Replace("\"origin\":\"eu\",", ""));

        Assert.Equal(EventDocumentErrorKind.MissingField, result.Error!.Kind);
        Assert.Contains("origin", result.Error.Detail);
    }
}

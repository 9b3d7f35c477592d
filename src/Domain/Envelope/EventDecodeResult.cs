using System.Diagnostics.CodeAnalysis;

namespace Convergence.Domain.Envelope;

/// <summary>The outcome of reading one document: an event or the reason it is not one.</summary>
public readonly record struct EventDecodeResult(EventEnvelope? Envelope, EventDocumentError? Error)
{
    [MemberNotNullWhen(true, nameof(Envelope))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsEvent => Envelope is not null;

    public static EventDecodeResult Ok(EventEnvelope envelope) => new(envelope, null);

    public static EventDecodeResult Fail(EventDocumentErrorKind kind, string? id, string detail) =>
        new(null, new EventDocumentError(kind, id, detail));
}

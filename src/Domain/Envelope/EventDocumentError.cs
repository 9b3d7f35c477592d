namespace Convergence.Domain.Envelope;

/// <summary>Why a stored document is not a valid event; the caller skips and counts it.</summary>
public enum EventDocumentErrorKind
{
    /// <summary>Not JSON at all, or not a JSON object.</summary>
    BadJson,
    /// <summary>A required envelope or payload field is absent or null.</summary>
    MissingField,
    /// <summary>The type name is not registered (a foreign document, or an event from a newer version).</summary>
    UnknownType,
    /// <summary>The payload has the wrong shape for its type.</summary>
    InvalidPayload,
    /// <summary>A CouchDB design or local document, never an event.</summary>
    NotAnEvent,
}

/// <summary>A typed description of a document that could not be read as an event.</summary>
public sealed record EventDocumentError(EventDocumentErrorKind Kind, string? DocumentId, string Detail)
{
    public override string ToString() => $"{Kind} in document {DocumentId ?? "(no id)"}: {Detail}";
}

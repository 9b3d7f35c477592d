namespace Convergence.Domain.Stores;

/// <summary>How a projector's checkpoint relates to the state it describes.</summary>
public enum CheckpointMode
{
    /// <summary>The position is committed with the state changes of its batch: a crash loses both together.</summary>
    WithState,

    /// <summary>The position is written apart, after the batch: a crash keeps state past it, and those events come again.</summary>
    Separate,
}

namespace Convergence.Simulator.Checks;

/// <summary>How a run ended (Coyote-style): the verdict the CLI turns into an exit code.</summary>
public enum RunStatus
{
    /// <summary>Quiescence reached, every region equal, equal to the spec, nothing lost, within any declared bound.</summary>
    Converged,

    /// <summary>A safety law failed (L1 order independence, L3 spec agreement, L5 no loss): regions disagree or an event went missing.</summary>
    SafetyViolation,

    /// <summary>Quiescence was not reached within the bound, or convergence took longer than declared (L6).</summary>
    LivenessViolation,

    /// <summary>An event id named two different bodies, or an event document was edited, deleted or in conflict (L0).</summary>
    IdentityViolation,

    /// <summary>A handler threw on some delivery (L4 progress).</summary>
    ProgressViolation,

    /// <summary>The user stopped the run before its end (Ctrl+C, SIGTERM): the partial record is reported, not judged.</summary>
    Interrupted,

    /// <summary>The engine's own cluster broke down (a replica unreachable past its timeouts): no verdict on the handlers.</summary>
    ClusterFailure,
}

using Convergence.Domain.Modules;
using Convergence.Samples.BadPins;
using Convergence.Samples.CheckIns;
using Convergence.Simulator.Certification;
using Convergence.Testing.Laws;

namespace Convergence.Properties.Tests.Testing;

/// <summary>The package's assertion is `convergence check`'s certification: it passes good handlers and fails bad ones readably.</summary>
public sealed class ConvergenceLawsTests
{
    private static readonly ConvergenceLawOptions Options = new() { Certification = new CertificationOptions { Histories = 80, Seed = 7 } };

    [Fact]
    public async Task VerifyAsync_ConvergentModule_ReturnsAPassingVerdictWithTheInvariantsTimed()
    {
        var verdict = await ConvergenceLaws.VerifyAsync(new CheckInModule(), Options);

        Assert.True(verdict.Passed, verdict.Describe());
        Assert.Contains("CheckedIn", verdict.Certification.Types);
        Assert.Contains(verdict.Invariants, i => i.Title.Contains("one-account-per-email") && i.Passed);
        Assert.StartsWith("convergence laws hold for social+checkins: 0 law failures", verdict.Describe());
    }

    [Fact]
    public async Task VerifyAsync_OrderDependentModule_ThrowsWithTheShrunkCounterexampleAndTheReplayCommand()
    {
        var failure = await Assert.ThrowsAsync<ConvergenceLawException>(() => ConvergenceLaws.VerifyAsync(new BadPinModule(), Options));

        Assert.StartsWith("convergence laws FAILED for social+pins", failure.Message);
        Assert.Contains("commutativity falsified", failure.Message);
        Assert.Contains("pins/pinned/", failure.Message);
        Assert.Contains("replay: convergence check --module <your module> --histories 80 --seed 7 --scenario partition", failure.Message);
        Assert.NotNull(failure.Certification);
        Assert.False(failure.Certification.Passed);
    }

    [Fact]
    public async Task CertifyAsync_OrderDependentModule_ReturnsTheFailedVerdictAsAValue()
    {
        var verdict = await ConvergenceLaws.CertifyAsync(DomainCatalog.SocialNetwork().With(new BadPinModule()), Options);

        Assert.False(verdict.Passed);
        Assert.Contains(verdict.Certification.Commutativity, c => c.Key == ("PostPinned", "PostUnpinned") && !c.Value.Passed);
    }

    [Fact]
    public async Task VerifyAsync_BoundOnAnUnknownInvariant_IsRejectedAsBadInput()
    {
        var options = Options with { InvariantBounds = new Dictionary<string, TimeSpan> { ["no-such-invariant"] = TimeSpan.FromSeconds(5) } };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => ConvergenceLaws.VerifyAsync(new CheckInModule(), options));

        Assert.Contains("no-such-invariant", error.Message);
        Assert.Contains("one-account-per-email", error.Message);
    }
}

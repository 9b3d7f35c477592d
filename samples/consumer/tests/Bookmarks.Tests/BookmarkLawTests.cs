using Bookmarks.Tests.KnownBad;
using Convergence.Simulator.Certification;
using Convergence.Testing.Laws;

namespace Bookmarks.Tests;

/// <summary>The certification of `convergence check`, in this repository's own `dotnet test`.</summary>
public sealed class BookmarkLawTests
{
    [Fact]
    public Task Bookmark_handlers_obey_every_convergence_law() => ConvergenceLaws.VerifyAsync(new BookmarkModule());

    /// <summary>The check can fail: the counting handler is rejected, with a shrunk counterexample as the message.</summary>
    [Fact]
    public async Task A_counting_bookmark_handler_is_rejected_with_a_shrunk_counterexample()
    {
        var failure = await Assert.ThrowsAsync<ConvergenceLawException>(() =>
            ConvergenceLaws.VerifyAsync(new CountingBookmarkModule(), new ConvergenceLawOptions { Certification = new CertificationOptions { Histories = 60 } }));

        Assert.Contains("idempotence falsified", failure.Message);
        Assert.Matches(@"result: bookmarks/p-\S+/count: A", failure.Message);
    }

    /// <summary>
    /// What a caught divergence looks like in a test run: this test FAILS, on purpose, with the counterexample as its
    /// message. It runs only when CONVERGENCE_SHOW_CAUGHT_DIVERGENCE=1 (Convergence's own packaging test sets it and
    /// asserts the message), so this sample's `dotnet test` stays green.
    /// </summary>
    [CaughtDivergenceFact]
    public Task A_counting_bookmark_handler_fails_its_test() => ConvergenceLaws.VerifyAsync(new CountingBookmarkModule());
}

using Convergence.Simulator.Scenarios;
using Xunit;

namespace Convergence.Properties.Tests.Simulation;

public sealed class DurationTextTests
{
    [Theory]
    [InlineData("60s", 60)]
    [InlineData("5m", 300)]
    [InlineData("1h", 3600)]
    [InlineData("90", 90)]
    [InlineData("1.5", 1.5)]
    [InlineData("250ms", 0.25)]
    [InlineData(" 2M ", 120)]
    public void TryParse_ValidText_GivesSeconds(string text, double seconds)
    {
        Assert.True(DurationText.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("-5s")]
    [InlineData("5x")]
    [InlineData("1e400")]
    [InlineData(null)]
    public void TryParse_InvalidText_Fails(string? text) => Assert.False(DurationText.TryParse(text, out _));

    [Theory]
    [InlineData(60, "1m")]
    [InlineData(90, "90s")]
    [InlineData(3600, "1h")]
    [InlineData(1.5, "1500ms")]
    public void Format_ParsesBackToTheSameValue(double seconds, string expected)
    {
        var text = DurationText.Format(TimeSpan.FromSeconds(seconds));
        Assert.Equal(expected, text);
        Assert.True(DurationText.TryParse(text, out var back));
        Assert.Equal(TimeSpan.FromSeconds(seconds), back);
    }
}

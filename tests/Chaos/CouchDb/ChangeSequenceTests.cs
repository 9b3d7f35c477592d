using System.Text.Json;
using Convergence.Chaos.Tests.Support;
using Convergence.Cluster.CouchDb;
using Xunit;

namespace Convergence.Chaos.Tests.CouchDb;

public sealed class ChangeSequenceTests
{
    [Fact]
    public void FromJson_CouchDbStringSequence_IsKeptVerbatimAndSentUnquoted()
    {
        var sequence = ChangeSequence.FromJson(Json.Parse("\"5-g1AAAAB_eJzLYWBg\""));

        Assert.Equal("\"5-g1AAAAB_eJzLYWBg\"", sequence.RawJson);
        Assert.Equal("5-g1AAAAB_eJzLYWBg", sequence.ToQueryValue());
    }

    [Fact]
    public void FromJson_PouchDbNumberSequence_IsKeptAsNumber()
    {
        var sequence = ChangeSequence.FromJson(Json.Parse("42"));

        Assert.Equal("42", sequence.RawJson);
        Assert.Equal("42", sequence.ToQueryValue());
    }

    [Fact]
    public void FromRawJson_RoundTripsAndCompares()
    {
        var sequence = ChangeSequence.FromJson(Json.Parse("\"7-abc\""));

        Assert.Equal(sequence, ChangeSequence.FromRawJson(sequence.RawJson));
        Assert.NotEqual(sequence, ChangeSequence.FromJson(Json.Parse("7")));
    }

    [Fact]
    public void Start_And_Now_HaveTheirQueryValues()
    {
        Assert.True(ChangeSequence.Start.IsStart);
        Assert.Equal("0", ChangeSequence.Start.ToQueryValue());
        Assert.Equal("now", ChangeSequence.Now.ToQueryValue());
    }

    [Fact]
    public void FromJson_Null_IsStart()
    {
        Assert.True(ChangeSequence.FromJson(JsonDocument.Parse("null").RootElement).IsStart);
    }
}

using Convergence.Chaos.Tests.Support;
using Convergence.Cluster.CouchDb;
using Xunit;

namespace Convergence.Chaos.Tests.CouchDb;

/// <summary>CouchDB 3's answer shapes (string sequences, pending), checked without a CouchDB server.</summary>
public sealed class ChangesParsingTests
{
    [Fact]
    public void ParseChanges_CouchDb3Answer_KeepsStringSequencesOpaque()
    {
        var answer = Json.Parse("""
            {"results":[
              {"seq":"1-g1AAAABteJzLYWBgYMpgSmHgKy5JLCrJTq2MT8lPzkzJBYqzmBqaGpgZgeQ4YHI0kS","id":"e-1","changes":[{"rev":"1-967a00dff5e02add41819138abb3284d"}],"doc":{"_id":"e-1","v":1}},
              {"seq":"2-g1AAAABteJzLYWBgYMpgSmHgKy5JLCrJTq2MT8lPzkzJBYqzmBqaGpgZgeQ4YHI0kT","id":"e-2","changes":[{"rev":"2-7051cbe5c8faecd085a3fa619e6e6337"}],"deleted":true}
            ],
            "last_seq":"2-g1AAAABteJzLYWBgYMpgSmHgKy5JLCrJTq2MT8lPzkzJBYqzmBqaGpgZgeQ4YHI0kT","pending":3}
            """);

        var result = CouchDatabase.ParseChanges(answer);

        Assert.Equal(2, result.Results.Count);
        Assert.Equal("1-g1AAAABteJzLYWBgYMpgSmHgKy5JLCrJTq2MT8lPzkzJBYqzmBqaGpgZgeQ4YHI0kS", result.Results[0].Sequence.ToQueryValue());
        Assert.Equal(1, result.Results[0].Document!.Value.GetProperty("v").GetInt32());
        Assert.Equal(["1-967a00dff5e02add41819138abb3284d"], result.Results[0].Revisions);
        Assert.True(result.Results[1].Deleted);
        Assert.Null(result.Results[1].Document);
        Assert.Equal(result.Results[1].Sequence, result.LastSequence);
        Assert.Equal(3, result.Pending);
    }

    [Fact]
    public void ParseChanges_EmptyPouchDbAnswer_HasNumericLastSequence()
    {
        var result = CouchDatabase.ParseChanges(Json.Parse("""{"results":[],"last_seq":17}"""));

        Assert.Empty(result.Results);
        Assert.Equal("17", result.LastSequence.ToQueryValue());
        Assert.Null(result.Pending);
    }
}

using Convergence.Domain.Views;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Convergence.Properties.Tests.Views;

/// <summary>
/// The view encoding is injective: two different structured views never compare equal and never
/// share a digest — separators and control characters inside ids and values included.
/// </summary>
public sealed class StructuredViewTests
{
    /// <summary>Few, hostile characters, so generated views often differ only by a separator or a control character.</summary>
    private static readonly string[] Atoms = ["a", "b", "~", "->", ",", ": ", " by ", "\n", "\t", "/", "\"", "\\", "\ud800", "\udc00", "", "1"];

    private static Gen<string> TextGen => Gen.ListOf(Gen.Elements(Atoms)).Select(parts => string.Concat(parts.Take(4)));

    private static Gen<ViewValue> ScalarGen => Gen.OneOf(
        TextGen.Select(ViewValue.Text),
        Gen.Choose(-2, 2).Select(i => ViewValue.Integer(i)),
        Gen.Elements(0.0, -0.0, 1.5, double.NaN).Select(ViewValue.Real),
        Gen.Elements(true, false).Select(ViewValue.Boolean));

    private static Gen<ViewValue> ValueGen => Gen.OneOf(
        ScalarGen,
        Gen.ListOf(ScalarGen).Select(items => ViewValue.SetOf(items.Take(3))),
        Gen.ListOf(ScalarGen).Select(items => ViewValue.ListOf(items.Take(3))));

    private static Gen<ReadModelView> ViewGen =>
        Gen.ListOf(Gen.Zip(Gen.ListOf(ScalarGen), ValueGen)).Select(entries =>
        {
            var builder = new ViewBuilder();
            foreach (var (segments, value) in entries.Take(4).DistinctBy(e => ViewPath.Of([.. e.Item1.Take(3)])))
                builder.Add(ViewPath.Of([.. segments.Take(3)]), value);
            return builder.Build();
        });

    private static Arbitrary<(ReadModelView, ReadModelView)> Pairs => Arb.From(Gen.Zip(ViewGen, ViewGen));

    [Fact]
    public void Different_views_never_compare_equal_nor_share_a_digest_and_equal_ones_always_do()
    {
        var property = Prop.ForAll(Pairs, pair =>
        {
            var (a, b) = pair;
            var sameEntries = a.Count == b.Count && a.Entries.Zip(b.Entries).All(x => x.First.Path.Equals(x.Second.Path) && x.First.Value.Equals(x.Second.Value));
            var sameText = a.ToString() == b.ToString();
            return (a.Equals(b) == sameEntries).Label("Equals is exact")
                .And((a.Digest == b.Digest) == sameEntries).Label("digest equal exactly when the entries are")
                .And(sameText == sameEntries).Label("the readable form is unambiguous too")
                .And(a.DiffTo(b).IsEmpty == sameEntries).Label("diff empty exactly when equal")
                .Label($"A:\n{a}\nB:\n{b}\ndiff: {a.DiffTo(b).Describe()}")
                .Classify(sameEntries, "equal pair");
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(3000), property);
    }

    [Fact]
    public void A_digest_that_ignored_the_structure_would_be_caught_by_the_same_property()
    {
        // Negative control: the old encoding, "path\tvalue\n" lines of the readable form joined, does collide.
        static string Flat(ReadModelView v) => string.Concat(v.Entries.Select(e => string.Join("/", e.Path.Segments.Select(s => s.Kind == ViewValueKind.Text ? s.AsText : s.ToString())) + "\t" + Raw(e.Value) + "\n"));
        static string Raw(ViewValue v) => v.Kind switch
        {
            ViewValueKind.Text => v.AsText,
            ViewValueKind.Set or ViewValueKind.List => string.Join(",", v.Items.Select(Raw)),
            _ => v.ToString(),
        };
        var property = Prop.ForAll(Pairs, pair => (Flat(pair.Item1) == Flat(pair.Item2)) == pair.Item1.Equals(pair.Item2));

        Assert.ThrowsAny<Exception>(() => Check.One(Config.QuickThrowOnFailure.WithMaxTest(3000), property));
    }

    [Theory]
    [InlineData("x~y", "z", "x", "y~z")]
    [InlineData("a: b", "u", "a", "u: b")]
    [InlineData("p/q", "r", "p", "q/r")]
    public void Ids_holding_a_separator_make_different_paths(string a1, string a2, string b1, string b2)
    {
        var left = Single(["friends", a1, a2], ViewValue.True);
        var right = Single(["friends", b1, b2], ViewValue.True);

        Assert.NotEqual(left, right);
        Assert.NotEqual(left.Digest, right.Digest);
        Assert.NotEqual(left.ToString(), right.ToString());
    }

    [Fact]
    public void One_liker_named_a_comma_b_is_not_two_likers()
    {
        var one = Single(["posts", "p1", "likes"], ViewValue.SetOf(["a,b"]));
        var two = Single(["posts", "p1", "likes"], ViewValue.SetOf(["a", "b"]));

        Assert.NotEqual(one, two);
        Assert.NotEqual(one.Digest, two.Digest);
        Assert.Equal("posts/p1/likes: A {\"a,b\"} | B {\"a\", \"b\"}", one.DiffTo(two).Describe());
    }

    [Fact]
    public void Two_comments_with_line_breaks_in_their_text_differ_from_one_and_the_diff_shows_the_escapes()
    {
        var builder = new ViewBuilder();
        builder.Add(["comments", "c1", "text"], "a\nsocial/comments/c2\tb");
        var one = builder.Build();
        builder = new ViewBuilder();
        builder.Add(["comments", "c1", "text"], "a");
        builder.Add(["comments", "c2"], "b");
        var two = builder.Build();

        Assert.NotEqual(one, two);
        Assert.NotEqual(one.Digest, two.Digest);
        Assert.Contains("\"a\\nsocial/comments/c2\\tb\"", one.DiffTo(two).Describe());
    }

    [Fact]
    public void A_path_written_twice_is_reported_with_its_escaped_form()
    {
        var builder = new ViewBuilder();
        builder.Add(["friends", "x~y", "z\n"], ViewValue.True);
        builder.Add(["friends", "x~y", "z\n"], ViewValue.True);

        var error = Assert.Throws<InvalidOperationException>(builder.Build);
        Assert.Equal("view path friends/\"x~y\"/\"z\\n\" written twice", error.Message);
    }

    [Fact]
    public void Sets_ignore_order_and_repeats_lists_do_not()
    {
        Assert.Equal(ViewValue.SetOf(["b", "a", "b"]), ViewValue.SetOf(["a", "b"]));
        Assert.NotEqual(ViewValue.ListOf("a", "b"), ViewValue.ListOf("b", "a"));
        Assert.NotEqual(ViewValue.Text("1"), ViewValue.Integer(1));
        Assert.Equal(ViewValue.Real(0.0), ViewValue.Real(-0.0));
    }

    [Fact]
    public void Lone_surrogates_are_not_merged_into_one_replacement_character()
    {
        var high = Single(["k"], "\ud800");
        var low = Single(["k"], "\udc00");

        Assert.NotEqual(high.Digest, low.Digest);
        Assert.Contains("\\ud800", high.ToString());
    }

    private static ReadModelView Single(ViewPath path, ViewValue value)
    {
        var builder = new ViewBuilder();
        builder.Add(path, value);
        return builder.Build();
    }
}

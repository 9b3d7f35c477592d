using System.Globalization;
using System.Text;

namespace Convergence.Domain.Views;

/// <summary>The kinds of value a view holds; part of the canonical encoding, so never renumber.</summary>
public enum ViewValueKind : byte
{
    Text = 1,
    Integer = 2,
    Real = 3,
    Boolean = 4,
    Set = 5,
    List = 6,
}

/// <summary>
/// One canonical, typed value of a view (or one segment of a path): text, integer, real, boolean,
/// or a set (sorted, distinct) or list (ordered) of values. Equality and order are exact and
/// structural; no meaning is carried by separators inside strings, so <c>{"a,b"}</c> and
/// <c>{"a", "b"}</c> are different values that also print differently.
/// </summary>
public sealed class ViewValue : IEquatable<ViewValue>, IComparable<ViewValue>
{
    private readonly string? _text;
    private readonly long _bits;
    private readonly ViewValue[]? _items;

    private ViewValue(ViewValueKind kind, string? text, long bits, ViewValue[]? items)
    {
        Kind = kind;
        _text = text;
        _bits = bits;
        _items = items;
    }

    public ViewValueKind Kind { get; }

    public static ViewValue True { get; } = new(ViewValueKind.Boolean, null, 1, null);

    public static ViewValue False { get; } = new(ViewValueKind.Boolean, null, 0, null);

    public static ViewValue Text(string text) => new(ViewValueKind.Text, text ?? throw new ArgumentNullException(nameof(text)), 0, null);

    public static ViewValue Integer(long value) => new(ViewValueKind.Integer, null, value, null);

    /// <summary>A real number; -0 is stored as 0 and every NaN as one NaN, so equal numbers encode alike.</summary>
    public static ViewValue Real(double value)
    {
        var canonical = double.IsNaN(value) ? double.NaN : value == 0 ? 0d : value;
        return new(ViewValueKind.Real, null, BitConverter.DoubleToInt64Bits(canonical), null);
    }

    public static ViewValue Boolean(bool value) => value ? True : False;

    /// <summary>A set: order and repeats in <paramref name="items"/> do not matter.</summary>
    public static ViewValue SetOf(IEnumerable<ViewValue> items)
    {
        var sorted = items.ToArray();
        Array.Sort(sorted);
        var distinct = sorted.Length == 0 ? sorted : sorted.Where((v, i) => i == 0 || !v.Equals(sorted[i - 1])).ToArray();
        return new(ViewValueKind.Set, null, 0, distinct);
    }

    public static ViewValue SetOf(IEnumerable<string> items) => SetOf(items.Select(Text));

    /// <summary>A list (a tuple, or a sequence whose order is meaningful).</summary>
    public static ViewValue ListOf(params IEnumerable<ViewValue> items) => new(ViewValueKind.List, null, 0, items.ToArray());

    public static implicit operator ViewValue(string text) => Text(text);

    public static implicit operator ViewValue(long value) => Integer(value);

    public static implicit operator ViewValue(bool value) => Boolean(value);

    /// <summary>The text of a <see cref="ViewValueKind.Text"/> value.</summary>
    public string AsText => _text ?? throw new InvalidOperationException($"a {Kind} value has no text");

    public long AsInteger => Kind == ViewValueKind.Integer ? _bits : throw new InvalidOperationException($"a {Kind} value is no integer");

    public IReadOnlyList<ViewValue> Items => _items ?? throw new InvalidOperationException($"a {Kind} value has no items");

    public bool IsScalar => _items is null;

    public bool Equals(ViewValue? other)
    {
        if (ReferenceEquals(this, other)) return true;
        if (other is null || Kind != other.Kind) return false;
        return Kind switch
        {
            ViewValueKind.Text => string.Equals(_text, other._text, StringComparison.Ordinal),
            ViewValueKind.Set or ViewValueKind.List => _items!.AsSpan().SequenceEqual(other._items),
            _ => _bits == other._bits,
        };
    }

    public override bool Equals(object? obj) => Equals(obj as ViewValue);

    public override int GetHashCode() => Kind switch
    {
        ViewValueKind.Text => HashCode.Combine(Kind, string.GetHashCode(_text, StringComparison.Ordinal)),
        ViewValueKind.Set or ViewValueKind.List => _items!.Aggregate(HashCode.Combine(Kind, _items!.Length), HashCode.Combine),
        _ => HashCode.Combine(Kind, _bits),
    };

    /// <summary>A total order: by kind, then by content (ordinal text, numeric, element by element).</summary>
    public int CompareTo(ViewValue? other)
    {
        if (other is null) return 1;
        if (ReferenceEquals(this, other)) return 0;
        if (Kind != other.Kind) return Kind.CompareTo(other.Kind);
        switch (Kind)
        {
            case ViewValueKind.Text: return string.CompareOrdinal(_text, other._text);
            case ViewValueKind.Real: return BitConverter.Int64BitsToDouble(_bits).CompareTo(BitConverter.Int64BitsToDouble(other._bits));
            case ViewValueKind.Set or ViewValueKind.List:
                for (var i = 0; i < Math.Min(_items!.Length, other._items!.Length); i++)
                {
                    var byItem = _items[i].CompareTo(other._items[i]);
                    if (byItem != 0) return byItem;
                }
                return _items.Length.CompareTo(other._items.Length);
            default: return _bits.CompareTo(other._bits);
        }
    }

    /// <summary>
    /// Appends the canonical encoding: a kind byte, then for text its length in UTF-16 code units and
    /// the code units themselves (not UTF-8, which would map every lone surrogate to the same U+FFFD),
    /// for numbers 8 bytes, for sets and lists the count and each item. Prefix-free, hence injective.
    /// </summary>
    internal void AppendEncoding(ViewEncoder encoder)
    {
        encoder.WriteByte((byte)Kind);
        switch (Kind)
        {
            case ViewValueKind.Text:
                encoder.WriteInt32(_text!.Length);
                encoder.WriteChars(_text);
                break;
            case ViewValueKind.Set or ViewValueKind.List:
                encoder.WriteInt32(_items!.Length);
                foreach (var item in _items) item.AppendEncoding(encoder);
                break;
            default:
                encoder.WriteInt64(_bits);
                break;
        }
    }

    /// <summary>The readable form: text quoted and escaped, sets in braces, lists in brackets.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        Write(text);
        return text.ToString();
    }

    internal void Write(StringBuilder text)
    {
        switch (Kind)
        {
            case ViewValueKind.Text: WriteQuoted(text, _text!); break;
            case ViewValueKind.Integer: text.Append(_bits.ToString(CultureInfo.InvariantCulture)); break;
            case ViewValueKind.Real:
                // Always with a point or an exponent (or NaN/Infinity), so the real 0 never prints as the integer 0.
                var real = BitConverter.Int64BitsToDouble(_bits).ToString("R", CultureInfo.InvariantCulture);
                text.Append(real);
                if (real.AsSpan().IndexOfAny(".EN") < 0 && !real.Contains("Infinity", StringComparison.Ordinal)) text.Append(".0");
                break;
            case ViewValueKind.Boolean: text.Append(_bits != 0 ? "true" : "false"); break;
            default:
                text.Append(Kind == ViewValueKind.Set ? '{' : '[');
                for (var i = 0; i < _items!.Length; i++)
                {
                    if (i > 0) text.Append(", ");
                    _items[i].Write(text);
                }
                text.Append(Kind == ViewValueKind.Set ? '}' : ']');
                break;
        }
    }

    /// <summary>A path segment: bare when it is a plain name or id, else quoted like a text value.</summary>
    internal void WriteSegment(StringBuilder text)
    {
        if (Kind == ViewValueKind.Text && IsBare(_text!) && _text is not ("true" or "false" or "NaN" or "Infinity")) text.Append(_text);
        else Write(text);
    }

    private static bool IsBare(string s)
    {
        if (s.Length == 0 || !char.IsAsciiLetter(s[0])) return false;
        foreach (var c in s)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '@' or ':' or '+')) return false;
        }
        return true;
    }

    private static void WriteQuoted(StringBuilder text, string s)
    {
        text.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                default:
                    if (c < ' ' || c == '\u007f' || char.IsSurrogate(c) || c is '\u2028' or '\u2029' or '\u200b' or '\ufeff')
                        text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else text.Append(c);
                    break;
            }
        }
        text.Append('"');
    }
}

using System.Globalization;

namespace Dendrite.Interop.Numpy;

/// <summary>
/// The header of a .npy file: a Python dict literal such as
/// <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (3, 4), }</c>.
/// Parsed by a small recursive-descent reader over exactly that grammar (strings, True/False, int tuples).
/// </summary>
internal sealed class NpyHeader
{
    private readonly string _text;
    private readonly string _source;
    private readonly long _baseOffset;
    private int _position;

    private NpyHeader(string text, string source, long baseOffset)
    {
        _text = text;
        _source = source;
        _baseOffset = baseOffset;
    }

    public string Descr { get; private set; } = "";

    public bool FortranOrder { get; private set; }

    public int[] Shape { get; private set; } = [];

    /// <summary>Parses the dict; <paramref name="baseOffset"/> is the header's position in the file, for messages.</summary>
    public static NpyHeader Parse(string text, string source, long baseOffset)
    {
        var header = new NpyHeader(text, source, baseOffset);
        header.ParseDictionary();
        return header;
    }

    /// <summary>The header text for an array, unpadded.</summary>
    public static string Format(string descr, int[] shape)
    {
        string dims = shape.Length == 1
            ? shape[0].ToString(CultureInfo.InvariantCulture) + ","
            : string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture)));
        return $"{{'descr': '{descr}', 'fortran_order': False, 'shape': ({dims}), }}";
    }

    private void ParseDictionary()
    {
        var seen = new HashSet<string>();
        Expect('{');
        while (true)
        {
            SkipSpace();
            if (TryConsume('}'))
            {
                break;
            }
            string key = ReadString();
            Expect(':');
            switch (key)
            {
                case "descr":
                    Descr = ReadString();
                    break;
                case "fortran_order":
                    FortranOrder = ReadBool();
                    break;
                case "shape":
                    Shape = ReadTuple();
                    break;
                default:
                    throw Error($"unexpected header key '{key}' (expected descr, fortran_order, shape)");
            }
            if (!seen.Add(key))
            {
                throw Error($"header key '{key}' appears twice");
            }
            SkipSpace();
            if (!TryConsume(','))
            {
                Expect('}');
                break;
            }
        }
        foreach (string required in new[] { "descr", "fortran_order", "shape" })
        {
            if (!seen.Contains(required))
            {
                throw Error($"header has no '{required}' key");
            }
        }
    }

    private string ReadString()
    {
        SkipSpace();
        if (_position >= _text.Length || _text[_position] is not ('\'' or '"'))
        {
            throw Error("expected a quoted string");
        }
        char quote = _text[_position++];
        int end = _text.IndexOf(quote, _position);
        if (end < 0)
        {
            throw Error("unterminated string");
        }
        string value = _text[_position..end];
        _position = end + 1;
        return value;
    }

    private bool ReadBool()
    {
        SkipSpace();
        if (Matches("True"))
        {
            return true;
        }
        if (Matches("False"))
        {
            return false;
        }
        throw Error("expected True or False for 'fortran_order'");
    }

    private int[] ReadTuple()
    {
        Expect('(');
        var dims = new List<int>();
        while (true)
        {
            SkipSpace();
            if (TryConsume(')'))
            {
                return [.. dims];
            }
            int start = _position;
            while (_position < _text.Length && char.IsAsciiDigit(_text[_position]))
            {
                _position++;
            }
            // Python 2 era files may write long integers as "3L".
            string digits = _text[start.._position];
            if (_position < _text.Length && _text[_position] == 'L')
            {
                _position++;
            }
            if (digits.Length == 0 || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int dim))
            {
                throw Error($"shape dimension '{(digits.Length == 0 ? CharAt(start) : digits)}' is not a non-negative 32-bit integer");
            }
            dims.Add(dim);
            if (dims.Count > 32)
            {
                throw Error("shape has more than 32 dimensions");
            }
            SkipSpace();
            if (!TryConsume(','))
            {
                Expect(')');
                return [.. dims];
            }
        }
    }

    private string CharAt(int index) => index < _text.Length ? _text[index].ToString() : "end of header";

    private bool Matches(string word)
    {
        if (string.CompareOrdinal(_text, _position, word, 0, word.Length) == 0)
        {
            _position += word.Length;
            return true;
        }
        return false;
    }

    private void Expect(char c)
    {
        SkipSpace();
        if (!TryConsume(c))
        {
            throw Error($"expected '{c}', found '{CharAt(_position)}'");
        }
    }

    private bool TryConsume(char c)
    {
        if (_position < _text.Length && _text[_position] == c)
        {
            _position++;
            return true;
        }
        return false;
    }

    private void SkipSpace()
    {
        while (_position < _text.Length && char.IsWhiteSpace(_text[_position]))
        {
            _position++;
        }
    }

    private NpyFormatException Error(string what) =>
        new($"{_source}: header at byte {_baseOffset + _position}: {what}.");
}

using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Dendrite.Training.Config;

/// <summary>
/// Turns YAML text into a <see cref="ConfigNode"/> tree that keeps each value's line. Uses YamlDotNet's
/// representation model because its nodes carry <see cref="Mark"/>s; a deserializer would lose them.
/// </summary>
internal static class YamlConfigReader
{
    /// <summary>Parses one YAML document; returns null (and adds an error) when the text is not valid YAML.</summary>
    /// <param name="origin">The file name used in messages, or an override's text.</param>
    /// <param name="withLine">True to suffix origins with <c>:LINE</c> (files); false for overrides.</param>
    public static ConfigNode? Parse(string text, string origin, bool withLine, List<string> errors)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            string where = withLine ? $"{origin}:{e.Start.Line}" : origin;
            string reason = e.InnerException?.Message ?? e.Message;
            errors.Add($"{where}: invalid YAML: {reason}");
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet 16.3 throws this without a mark for some malformed flow collections
            // (e.g. an unclosed '['); find the line by replaying the events up to the failure.
            string where = withLine ? $"{origin}:{LastGoodLine(text)}" : origin;
            errors.Add($"{where}: invalid YAML: cannot parse past this line (an unclosed bracket or quote?)");
            return null;
        }
        if (stream.Documents.Count == 0)
        {
            return new ConfigScalar(withLine ? $"{origin}:1" : origin, null, quoted: false);
        }
        return Convert(stream.Documents[0].RootNode, origin, withLine);
    }

    private static long LastGoodLine(string text)
    {
        var parser = new Parser(new StringReader(text));
        long line = 1;
        try
        {
            while (parser.MoveNext())
            {
                line = parser.Current?.End.Line ?? line;
            }
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException)
        {
            // The failure is at or after the last event that parsed.
        }
        return line;
    }

    private static ConfigNode Convert(YamlNode node, string origin, bool withLine)
    {
        string where = withLine ? $"{origin}:{node.Start.Line}" : origin;
        switch (node)
        {
            case YamlMappingNode map:
                var mapping = new ConfigMapping(where);
                foreach (var (key, child) in map.Children)
                {
                    var keyNode = (ConfigScalar)Convert(key is YamlScalarNode ? key : new YamlScalarNode(key.ToString()), origin, withLine);
                    mapping.Set(keyNode, Convert(child, origin, withLine));
                }
                return mapping;
            case YamlSequenceNode seq:
                var sequence = new ConfigSequence(where);
                foreach (var item in seq.Children)
                {
                    sequence.Items.Add(Convert(item, origin, withLine));
                }
                return sequence;
            case YamlScalarNode scalar:
                bool quoted = scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted
                    or ScalarStyle.Literal or ScalarStyle.Folded;
                string? value = scalar.Value;
                if (!quoted && (value is null or "" or "~" or "null" or "Null" or "NULL"))
                {
                    value = null;
                }
                return new ConfigScalar(where, value, quoted);
            default:
                // Aliases are resolved by YamlStream; anything else is unexpected.
                return new ConfigScalar(where, node.ToString(), quoted: true);
        }
    }
}

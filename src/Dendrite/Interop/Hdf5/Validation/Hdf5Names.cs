using System.Text;

namespace Dendrite.Interop.Hdf5.Validation;

/// <summary>Link and attribute names: decoded strictly, so a corrupt name is reported where it is, not as a later failed lookup.</summary>
internal static class Hdf5Names
{
    private static readonly UTF8Encoding s_strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Utf8(ReadOnlySpan<byte> bytes, Hdf5Block referrer, int at)
    {
        try
        {
            return s_strict.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw referrer.Error(at, "a name that is not valid UTF-8.");
        }
    }
}

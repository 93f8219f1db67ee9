namespace Dendrite.Interop.Numpy;

/// <summary>A .npy or .npz file that is not a valid array file; the message names the file and the byte offset or field.</summary>
public sealed class NpyFormatException(string message) : IOException(message);

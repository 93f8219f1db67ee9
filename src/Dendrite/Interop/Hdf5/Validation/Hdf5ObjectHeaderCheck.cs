namespace Dendrite.Interop.Hdf5.Validation;

/// <summary>One header message: its type, flags and body (bounded to the message's declared size).</summary>
internal sealed record Hdf5Message(int Type, int Flags, Hdf5Block Body);

/// <summary>
/// Version-1 object headers (format spec §IV.A.1.a) and their continuation blocks. Messages must tile each block
/// exactly, as libhdf5 writes them; a continuation that points at a block already seen is a cycle, not a loop.
/// </summary>
internal static class Hdf5ObjectHeaderCheck
{
    public const int ContinuationType = 0x10;
    private const int PrefixBytes = 16;
    private const int MessageHeaderBytes = 8;
    private const int MaxMessages = 1 << 16;
    private const int SharedFlag = 0x02;

    /// <summary>
    /// The only flag libhdf5 1.10 sets on the messages we accept: constant (0x01). "Shareable" on an unshareable class
    /// and the unknown-message policy bits make libhdf5 refuse the header, so they are refused here with an offset.
    /// </summary>
    private const int KnownFlags = 0x01;

    public static List<Hdf5Message> Read(Hdf5Bytes file, long address, string path, HashSet<long> seenBlocks)
    {
        Hdf5Block prefix = file.Read(address, PrefixBytes, "object header", path);
        int version = prefix.U8(0);
        if (version != 1)
        {
            // Version-2 headers start with "OHDR"; libhdf5 1.10 and h5py write them only when asked for the latest format.
            throw prefix.U8(0) == 'O' && prefix.U8(1) == 'H'
                ? prefix.Unsupported(0, "version-2 object header (OHDR)")
                : prefix.Error(0, $"object header version {version} is not 1.");
        }
        prefix.Require(prefix.U8(1) == 0, 1, "the reserved byte after the version is not zero.");
        prefix.Require(prefix.U32(4) >= 1, 4, "the object's reference count is zero.");
        long firstLength = prefix.U32(8);
        var messages = new List<Hdf5Message>();
        var blocks = new Queue<(long Address, long Length)>();
        blocks.Enqueue((address + PrefixBytes, firstLength));
        while (blocks.Count > 0)
        {
            (long at, long length) = blocks.Dequeue();
            if (!seenBlocks.Add(at))
            {
                throw file.Error(at, "object header continuation", path, "the block is reached twice (a continuation cycle or shared block).");
            }
            Hdf5Block block = file.Read(at, length, "object header messages", path);
            ReadBlock(block, messages, blocks);
        }
        return messages;
    }

    private static void ReadBlock(Hdf5Block block, List<Hdf5Message> messages, Queue<(long, long)> blocks)
    {
        int at = 0;
        while (at < block.Length)
        {
            block.Require(block.Length - at >= MessageHeaderBytes, at, $"{block.Length - at} bytes left over after the last message.");
            int type = block.U16(at), size = block.U16(at + 2), flags = block.U8(at + 4);
            block.Require(size % 8 == 0, at + 2, $"message size {size} is not a multiple of 8.");
            block.Require(size <= block.Length - at - MessageHeaderBytes, at + 2, $"a {size}-byte message runs past its {block.Length}-byte header block.");
            if ((flags & SharedFlag) != 0)
            {
                throw block.Unsupported(at + 4, $"shared object header message (type 0x{type:X4})");
            }
            block.Require((flags & ~KnownFlags) == 0, at + 4, $"message flags 0x{flags:X2} are not ones libhdf5 writes.");
            Hdf5Block body = block.Slice(at + MessageHeaderBytes, size, $"message 0x{type:X4}");
            block.Require(messages.Count < MaxMessages, at, "more than 65536 messages in one header.");
            messages.Add(new Hdf5Message(type, flags, body));
            if (type == ContinuationType)
            {
                long address = body.Address64(0), length = body.Address64(8);
                body.Require(length >= MessageHeaderBytes, 8, $"a continuation block of {(ulong)length} bytes.");
                blocks.Enqueue((address, length));
            }
            at += MessageHeaderBytes + size;
        }
    }
}

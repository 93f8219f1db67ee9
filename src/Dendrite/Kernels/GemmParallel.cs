namespace Dendrite.Kernels;

/// <summary>Splits C into strips, one per thread, and runs <see cref="GemmBlocked{TKernel}"/> on each.</summary>
/// <remarks>
/// C is cut along its longer side, at multiples of the kernel tile: each thread then packs its own strip of
/// one operand and the whole of the other, and the duplicated packing (the shorter side × K) stays small next
/// to the strip's arithmetic. K is never split, which keeps results independent of the thread count.
/// </remarks>
internal static class GemmParallel<TKernel>
    where TKernel : struct, IGemmMicroKernel
{
    public static void Run(in GemmOperands operands, int threads, long parallelMinFlops)
    {
        bool splitRows = operands.M >= operands.N;
        int tile = splitRows ? TKernel.Mr : TKernel.Nr;
        int length = splitRows ? operands.M : operands.N;
        int units = (length + tile - 1) / tile;
        long flops = 2L * operands.M * operands.N * operands.K;
        int parts = flops < parallelMinFlops ? 1 : Math.Min(threads, units);
        if (parts <= 1)
        {
            GemmBlocked<TKernel>.Run(operands, 0, operands.M, 0, operands.N);
            return;
        }
        WorkerPool.Shared.Run(new Strips(operands, parts, splitRows, units, tile, length));
    }

    private sealed class Strips(GemmOperands operands, int parts, bool splitRows, int units, int tile, int length)
        : ParallelWork(parts)
    {
        protected override void Execute(int part)
        {
            int start = Math.Min(length, (int)((long)units * part / PartCount) * tile);
            int end = Math.Min(length, (int)((long)units * (part + 1) / PartCount) * tile);
            if (splitRows)
            {
                GemmBlocked<TKernel>.Run(operands, start, end, 0, operands.N);
            }
            else
            {
                GemmBlocked<TKernel>.Run(operands, 0, operands.M, start, end);
            }
        }
    }
}

using Dendrite.Interop.Hdf5;

namespace Dendrite.Interop.Nir;

/// <summary>
/// Moves a <see cref="NirGroup"/> tree to and from HDF5 exactly as <c>nir.write</c> lays it out (formats.md §1.4):
/// groups for dicts, scalar datasets for Python ints/floats/strings, arrays chunked with gzip level 4 when asked.
/// </summary>
internal static class NirHdf5
{
    public const int NirGzipLevel = 4;

    public static NirGroup ReadGroup(Hdf5Location location, string source, int depth = 0)
    {
        // Nested graphs are a few levels deep; a corrupt file with a group cycle (hard links) must not recurse forever.
        if (depth > 64)
        {
            throw new NirFormatException(source, null, $"'{location.ObjectPath}' is nested more than 64 groups deep.");
        }
        var group = new NirGroup();
        foreach (Hdf5Child child in location.Children())
        {
            switch (child.Kind)
            {
                case Hdf5ObjectKind.Group:
                    using (Hdf5Group sub = location.OpenGroup(child.Name))
                    {
                        group.Entries[child.Name] = ReadGroup(sub, source, depth + 1);
                    }
                    break;
                case Hdf5ObjectKind.Dataset:
                    using (Hdf5Dataset dataset = location.OpenDataset(child.Name))
                    {
                        group.Entries[child.Name] = ReadDataset(dataset, source);
                    }
                    break;
                default:
                    throw new NirFormatException(source, null, $"'{location.ObjectPath}/{child.Name}' is neither a group nor a dataset.");
            }
        }
        return group;
    }

    public static void WriteGroup(NirGroup group, Hdf5Location location, bool gzip)
    {
        foreach ((string name, NirValue value) in group.Entries)
        {
            switch (value)
            {
                case NirGroup sub:
                    using (Hdf5Group created = location.CreateGroup(name))
                    {
                        WriteGroup(sub, created, gzip);
                    }
                    break;
                case NirText text:
                    using (Hdf5Dataset dataset = location.CreateStringDataset(name, text.Shape))
                    {
                        dataset.WriteStrings(text.Values);
                    }
                    break;
                case NirArray array:
                    // nir ≥ 1.0.8 compresses ndarrays; Python scalars stay contiguous (HDF5 cannot chunk a scalar).
                    int level = gzip && array.Shape.Length > 0 && array.Count > 0 ? NirGzipLevel : 0;
                    Hdf5ElementType type = array.DType switch
                    {
                        NirDType.Float32 => Hdf5ElementType.Float32,
                        NirDType.Float64 => Hdf5ElementType.Float64,
                        _ => Hdf5ElementType.Int64,
                    };
                    if (array.DType == NirDType.Int64)
                    {
                        location.Write<long>(name, array.ToInt64s(), array.Shape, type, level);
                    }
                    else
                    {
                        location.Write<double>(name, array.Values, array.Shape, type, level);
                    }
                    break;
            }
        }
    }

    private static NirValue ReadDataset(Hdf5Dataset dataset, string source)
    {
        long[] shape = dataset.Dimensions;
        Hdf5TypeClass typeClass = dataset.TypeClass;
        switch (typeClass)
        {
            case Hdf5TypeClass.String:
                return new NirText(shape, dataset.ReadStrings());
            case Hdf5TypeClass.Float:
                return new NirArray(dataset.ElementSize <= 4 ? NirDType.Float32 : NirDType.Float64, shape, dataset.Read<double>());
            case Hdf5TypeClass.Integer:
            case Hdf5TypeClass.Enum:
                long[] values = dataset.Read<long>();
                return new NirArray(NirDType.Int64, shape, Array.ConvertAll(values, v => (double)v));
            default:
                throw new NirFormatException(source, null, $"'{dataset.ObjectPath}' holds {typeClass} data; NIR stores only numbers and strings.");
        }
    }
}

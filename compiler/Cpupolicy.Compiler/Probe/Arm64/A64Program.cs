namespace Cpupolicy.Compiler.Probe.Arm64;

/// <summary>
/// A flat, position-independent A64 program under construction: instruction words, data bytes and named labels.
/// Instructions that refer to a label are encoded once every label is placed (<see cref="Assemble"/>), so code may
/// refer forward. Offsets are from the start of the program.
/// </summary>
public sealed class A64Program
{
    private readonly List<Func<IReadOnlyDictionary<string, int>, byte[]>> items = [];
    private readonly List<int> sizes = [];
    private readonly Dictionary<string, int> labelItems = new(StringComparer.Ordinal);

    /// <summary>The offset the next item will have.</summary>
    public int Here => sizes.Sum();

    public void Label(string name)
    {
        if (!labelItems.TryAdd(name, items.Count))
        {
            throw new InvalidOperationException($"label `{name}` is placed twice");
        }
    }

    public void Emit(uint word) => Emit(_ => word);

    /// <summary>An instruction whose encoding depends on where it and the labels are: (its offset, labels) to word.</summary>
    public void Emit(Func<int, Func<string, int>, uint> encode)
    {
        var at = Here;
        Add(4, labels => BitConverter.GetBytes(encode(at, name => labels.TryGetValue(name, out var o) ? o : throw new InvalidOperationException($"label `{name}` is never placed"))));
    }

    public void Data(byte[] bytes) => Add(bytes.Length, _ => bytes);

    /// <summary>Zero bytes up to the next multiple of <paramref name="alignment"/>.</summary>
    public void Align(int alignment)
    {
        var pad = (alignment - (Here % alignment)) % alignment;
        Add(pad, _ => new byte[pad]);
    }

    public byte[] Assemble()
    {
        var offsets = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (name, item) in labelItems)
        {
            offsets[name] = sizes.Take(item).Sum();
        }

        var bytes = items.SelectMany(encode => encode(offsets)).ToArray();
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("the guest image is assembled on little-endian hosts only");
        }

        return bytes;
    }

    private void Emit(Func<IReadOnlyDictionary<string, int>, uint> encode) => Add(4, labels => BitConverter.GetBytes(encode(labels)));

    private void Add(int size, Func<IReadOnlyDictionary<string, int>, byte[]> item)
    {
        items.Add(item);
        sizes.Add(size);
    }
}

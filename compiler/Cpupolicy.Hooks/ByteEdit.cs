using System.Text;

namespace Cpupolicy.Hooks;

/// <summary>
/// One change to a document's bytes: <c>[Start, End)</c> becomes <see cref="Text"/> (an insertion when the range is
/// empty). The rewrites are lists of these applied to the original bytes, so every byte no edit covers is copied as
/// it was: the laws "nothing else changes" hold by construction.
/// </summary>
public readonly record struct ByteEdit(int Start, int End, string Text)
{
    public static ByteEdit Insert(int at, string text) => new(at, at, text);

    /// <summary>
    /// The document with every edit made. Edits are taken in order of position, insertions at one place in the order
    /// given; two edits that overlap are a bug in the caller, not a property of the input.
    /// </summary>
    public static byte[] Apply(byte[] document, IReadOnlyList<ByteEdit> edits)
    {
        var ordered = edits.Select((e, i) => (Edit: e, Order: i)).OrderBy(x => x.Edit.Start).ThenBy(x => x.Edit.End).ThenBy(x => x.Order).Select(x => x.Edit).ToList();
        var result = new MemoryStream(document.Length + ordered.Sum(e => e.Text.Length * 3));
        var at = 0;
        foreach (var edit in ordered)
        {
            if (edit.Start < at || edit.End < edit.Start || edit.End > document.Length)
            {
                throw new InvalidOperationException($"overlapping or out-of-range edit [{edit.Start}, {edit.End}) after {at}");
            }

            result.Write(document, at, edit.Start - at);
            result.Write(Encoding.UTF8.GetBytes(edit.Text));
            at = edit.End;
        }

        result.Write(document, at, document.Length - at);
        return result.ToArray();
    }
}

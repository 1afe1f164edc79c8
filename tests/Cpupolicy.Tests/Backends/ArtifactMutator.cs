using System.Text;

namespace Cpupolicy.Tests.Backends;

/// <summary>
/// Small random edits of an artifact, the kind a hand edit, a bad copy-paste or a hostile file makes: characters
/// deleted, inserted (structure characters of every backend's syntax, control and non-ASCII characters),
/// duplicated, swapped, a truncated tail, a random feature name spliced in.
/// </summary>
public static class ArtifactMutator
{
    private const string Palette = "\"'[]{}<>/=,:;-+#&!?\\ \t\n\r\0x01kslK.-_*|%é\u2028\uFEFF";

    public static string Mutate(string artifact, Random random, int count)
    {
        var text = new StringBuilder(artifact);
        for (var i = 0; i < count; i++)
        {
            var at = text.Length == 0 ? 0 : random.Next(text.Length);
            switch (random.Next(7))
            {
                case 0 when text.Length > 0:
                    text.Remove(at, Math.Min(text.Length - at, 1 + random.Next(8)));
                    break;
                case 1:
                    text.Insert(at, Palette[random.Next(Palette.Length)]);
                    break;
                case 2 when text.Length > 0:
                    var length = Math.Min(text.Length - at, 1 + random.Next(40));
                    text.Insert(at, text.ToString(at, length));
                    break;
                case 3 when text.Length > 1:
                    var other = random.Next(text.Length);
                    (text[at], text[other]) = (text[other], text[at]);
                    break;
                case 4:
                    text.Length = at;
                    break;
                case 5:
                    var f = TestProfiles.Db.Features[random.Next(TestProfiles.Db.Features.Count)];
                    text.Insert(at, random.Next(3) switch { 0 => f.Name, 1 => f.Spellings.Libvirt ?? "bogus", _ => f.Spellings.Qemu ?? "x" });
                    break;
                default:
                    text.Insert(at, random.Next(2) == 0 ? new string('[', 200) : "<!DOCTYPE x [<!ENTITY a \"aaaa\">]>&a;");
                    break;
            }
        }

        return text.ToString();
    }
}

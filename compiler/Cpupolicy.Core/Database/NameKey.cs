namespace Cpupolicy.Core.Database;

/// <summary>
/// The lookup key of a name: lower case with the separators <c>. _ -</c> removed, so that
/// <c>sse4.1</c>, <c>SSE4_1</c> and <c>sse4-1</c> are the same name.
/// </summary>
public static class NameKey
{
    public static string Of(string name)
    {
        var chars = new char[name.Length];
        var n = 0;
        foreach (var c in name)
        {
            if (c is '.' or '_' or '-' or ' ')
            {
                continue;
            }

            chars[n++] = char.ToLowerInvariant(c);
        }

        return new string(chars, 0, n);
    }
}

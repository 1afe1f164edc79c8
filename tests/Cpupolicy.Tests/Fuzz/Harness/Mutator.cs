using System.Text;

namespace Cpupolicy.Tests.Fuzz.Harness;

/// <summary>
/// Byte- and token-level mutations in the style of AFL's havoc stage: bit flips, interesting bytes, inserts and
/// deletes, range duplication and repetition (deep nesting, long lists), splices with another input, dictionary
/// tokens from the format's grammar, token replacement, number replacement, line swaps and truncation. A mutated
/// input is one to eight of these stacked.
/// </summary>
public sealed class Mutator
{
    private static readonly byte[] Interesting =
        [0x00, 0xff, 0x7f, 0x80, 0xc0, 0xe2, (byte)'\n', (byte)'\r', (byte)'\t', (byte)' ', (byte)'"', (byte)'\'', (byte)'<', (byte)'>',
         (byte)'&', (byte)';', (byte)'{', (byte)'}', (byte)'(', (byte)')', (byte)'[', (byte)']', (byte)',', (byte)'#', (byte)'-', (byte)'+',
         (byte)'=', (byte)':', (byte)'0', (byte)'x', (byte)'*', (byte)'?', (byte)'\\', (byte)'/'];

    private static readonly string[] Numbers =
        ["0", "1", "-1", "255", "256", "65535", "2147483647", "2147483648", "-2147483648", "4294967295", "4294967296",
         "18446744073709551615", "99999999999999999999999", "0x0", "0xffffffff", "0x80000000", "0x7fffffff", "0xffffffffffffffff", "1e309", "NaN"];

    private readonly Random random;
    private readonly IReadOnlyList<byte[]> tokens;
    private readonly int maxBytes;

    public Mutator(Random random, IReadOnlyList<byte[]> tokens, int maxBytes)
    {
        this.random = random;
        this.tokens = tokens;
        this.maxBytes = maxBytes;
    }

    /// <summary>A mutant of <paramref name="input"/>; <paramref name="other"/> is a second input for splicing.</summary>
    public byte[] Mutate(byte[] input, byte[] other)
    {
        var data = new List<byte>(input);
        var rounds = 1 << random.Next(4);
        for (var k = 0; k < rounds; k++)
        {
            MutateOnce(data, other);
            if (data.Count > maxBytes)
            {
                data.RemoveRange(maxBytes, data.Count - maxBytes);
            }
        }

        return [.. data];
    }

    private void MutateOnce(List<byte> data, byte[] other)
    {
        switch (random.Next(16))
        {
            case 0 when data.Count > 0:
                var bit = random.Next(data.Count * 8);
                data[bit / 8] ^= (byte)(1 << (bit % 8));
                break;
            case 1 when data.Count > 0:
                data[random.Next(data.Count)] = Interesting[random.Next(Interesting.Length)];
                break;
            case 2:
                var count = random.Next(1, 9);
                var bytes = new byte[count];
                random.NextBytes(bytes);
                data.InsertRange(random.Next(data.Count + 1), bytes);
                break;
            case 3 when data.Count > 0:
                var at = random.Next(data.Count);
                data.RemoveRange(at, Math.Min(data.Count - at, 1 + random.Next(Math.Max(1, data.Count / 8))));
                break;
            case 4 when data.Count > 0:
                var (start, length) = Range(data.Count);
                data.InsertRange(random.Next(data.Count + 1), data.GetRange(start, length));
                break;
            case 5 when data.Count > 0:
                Repeat(data);
                break;
            case 6 when other.Length > 0:
                // Splice: a prefix of this input and a suffix of the other.
                var cut = random.Next(data.Count + 1);
                var from = random.Next(other.Length);
                data.RemoveRange(cut, data.Count - cut);
                data.AddRange(other.AsSpan(from).ToArray());
                break;
            case 7 or 8 when tokens.Count > 0:
                data.InsertRange(TokenBoundary(data), tokens[random.Next(tokens.Count)]);
                break;
            case 9 or 10:
                ReplaceToken(data);
                break;
            case 11:
                ReplaceNumber(data);
                break;
            case 12:
                SwapLines(data);
                break;
            case 13 when data.Count > 0:
                var keep = random.Next(data.Count);
                data.RemoveRange(keep, data.Count - keep);
                break;
            case 14 when data.Count > 0:
                var i = random.Next(data.Count);
                if (data[i] is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z')
                {
                    data[i] ^= 0x20;
                }
                else
                {
                    data[i] = (byte)random.Next(256);
                }

                break;
            default:
                if (tokens.Count > 0)
                {
                    data.InsertRange(random.Next(data.Count + 1), tokens[random.Next(tokens.Count)]);
                }

                break;
        }
    }

    private (int Start, int Length) Range(int count)
    {
        var start = random.Next(count);
        var length = 1 + random.Next(Math.Min(count - start, 64));
        return (start, length);
    }

    /// <summary>Repeats a short range many times: the way to deep nesting, long lists and huge numbers.</summary>
    private void Repeat(List<byte> data)
    {
        var (start, length) = Range(data.Count);
        length = Math.Min(length, 8);
        var times = random.Next(4) == 0 ? random.Next(100, 4000) : random.Next(2, 32);
        times = Math.Min(times, Math.Max(1, (maxBytes - data.Count) / length));
        var chunk = data.GetRange(start, length);
        var repeated = new List<byte>(chunk.Count * times);
        for (var k = 0; k < times; k++)
        {
            repeated.AddRange(chunk);
        }

        data.InsertRange(start, repeated);
    }

    private int TokenBoundary(List<byte> data)
    {
        var at = random.Next(data.Count + 1);
        while (at < data.Count && IsWord(data[at]) && random.Next(4) != 0)
        {
            at++;
        }

        return at;
    }

    /// <summary>Replaces one word (letters, digits, <c>_.-</c>) by a dictionary token or another word of the input.</summary>
    private void ReplaceToken(List<byte> data)
    {
        var words = Words(data);
        if (words.Count == 0)
        {
            return;
        }

        var (start, length) = words[random.Next(words.Count)];
        byte[] replacement;
        if (tokens.Count > 0 && random.Next(2) == 0)
        {
            replacement = tokens[random.Next(tokens.Count)];
        }
        else
        {
            var (s, l) = words[random.Next(words.Count)];
            replacement = data.GetRange(s, l).ToArray();
        }

        data.RemoveRange(start, length);
        data.InsertRange(start, replacement);
    }

    private void ReplaceNumber(List<byte> data)
    {
        var numbers = Words(data).Where(w => char.IsAsciiDigit((char)data[w.Start])).ToList();
        var value = Encoding.ASCII.GetBytes(Numbers[random.Next(Numbers.Length)]);
        if (numbers.Count == 0)
        {
            data.InsertRange(random.Next(data.Count + 1), value);
            return;
        }

        var (start, length) = numbers[random.Next(numbers.Count)];
        data.RemoveRange(start, length);
        data.InsertRange(start, value);
    }

    private void SwapLines(List<byte> data)
    {
        var lines = new List<List<byte>> { new() };
        foreach (var b in data)
        {
            lines[^1].Add(b);
            if (b == (byte)'\n')
            {
                lines.Add([]);
            }
        }

        if (lines.Count < 2)
        {
            return;
        }

        var (i, j) = (random.Next(lines.Count), random.Next(lines.Count));
        (lines[i], lines[j]) = (lines[j], lines[i]);
        data.Clear();
        foreach (var line in lines)
        {
            data.AddRange(line);
        }
    }

    private static List<(int Start, int Length)> Words(List<byte> data)
    {
        var words = new List<(int, int)>();
        var i = 0;
        while (i < data.Count)
        {
            if (!IsWord(data[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < data.Count && IsWord(data[i]))
            {
                i++;
            }

            words.Add((start, i - start));
        }

        return words;
    }

    private static bool IsWord(byte b) => b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9' or (byte)'_' or (byte)'.' or (byte)'-';
}

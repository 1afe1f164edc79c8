using System.Text;
using System.Text.RegularExpressions;

namespace Cpupolicy.Tests.Hostile;

/// <summary>
/// Every file-reading command of the CLI, run as a separate process, against hostile files: over and just under the
/// size limit (sparse, so memory and disk stay bounded), NUL bytes, invalid UTF-8, 100,000-deep nesting, and the DTD
/// tricks (billion laughs, an external entity to /etc/passwd, parameter entities). Each must end in exit 1 or 2 with a
/// diagnostic naming the file, no stack trace, within the hang guard, leaving no output or temp file behind.
/// </summary>
public partial class HostileInputTests
{
    public static IEnumerable<object[]> Cases()
    {
        foreach (var command in HostileCommands.All)
        {
            var cases = new List<string> { "over-limit", "under-limit-sparse" };
            if (command.PadLine.Length > 0)
            {
                cases.Add("under-limit-text");
            }

            if (command.Valid.Length > 0)
            {
                cases.AddRange(["nul", "invalid-utf8"]);
            }

            cases.AddRange(command.Deep.Select((_, i) => $"deep-{i}"));
            if (command.XmlRoot is not null)
            {
                cases.AddRange(["billion-laughs", "external-entity", "parameter-entities"]);
            }

            foreach (var c in cases)
            {
                yield return [command.Name, c];
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Hostile_file_is_rejected_with_a_diagnostic_naming_it(string commandName, string hostileCase)
    {
        var command = HostileCommands.Get(commandName);
        using var ws = new HostileWorkspace();
        File.WriteAllText(ws.PathOf("domain.xml"), HostileWorkspace.Domain);
        var valid = command.Valid == "BUNDLE" ? File.ReadAllText(ws.BundlePath) : command.Valid;
        var file = ws.PathOf("hostile-" + hostileCase);
        var pad = Encoding.UTF8.GetBytes(command.PadHead);
        _ = hostileCase switch
        {
            "over-limit" => HostileFiles.Sparse(file, command.Limit + 1),
            "under-limit-sparse" => HostileFiles.Sparse(file, command.Limit - 1, pad),
            "under-limit-text" => AppendTail(HostileFiles.Repeated(file, command.PadHead, command.PadLine, command.Limit - command.PadTail.Length - 1), command.PadTail),
            "nul" => HostileFiles.Write(file, HostileFiles.WithNul(valid)),
            "invalid-utf8" => HostileFiles.Write(file, HostileFiles.WithInvalidUtf8(valid)),
            "billion-laughs" => HostileFiles.Write(file, HostileFiles.BillionLaughs(command.XmlRoot!)),
            "external-entity" => HostileFiles.Write(file, HostileFiles.ExternalEntity(command.XmlRoot!)),
            "parameter-entities" => HostileFiles.Write(file, HostileFiles.ParameterEntities(command.XmlRoot!)),
            _ when hostileCase.StartsWith("deep-", StringComparison.Ordinal) => HostileFiles.Write(file, command.Deep[int.Parse(hostileCase[5..], System.Globalization.CultureInfo.InvariantCulture)]),
            _ => throw new ArgumentOutOfRangeException(nameof(hostileCase)),
        };
        var before = File.ReadAllBytes(ws.BundlePath);

        var run = ws.Run(
            command.Env?.Invoke(file, ws) ?? [],
            command.ViaStdin ? File.ReadAllBytes(file) : null,
            command.Args(file, ws));

        if (command.Name == "apply-xl" && hostileCase == "invalid-utf8" && run.ExitCode == 0)
        {
            // The xl editor works on bytes (Latin-1) by design: an xl config is not required to be UTF-8.
            HostileAssert.NoStackTrace(run);
            return;
        }

        HostileAssert.Rejected(run, command.Names ?? file);
        if (hostileCase is "external-entity" or "parameter-entities")
        {
            Assert.DoesNotMatch(PasswdLine(), run.StdoutText + run.Stderr);
        }

        HostileAssert.NoOutput(ws.PathOf("out"));
        HostileAssert.NoTempFiles(ws.Dir);
        Assert.Equal(before, File.ReadAllBytes(ws.BundlePath));
    }

    private static string AppendTail(string path, string tail)
    {
        File.AppendAllText(path, tail);
        return path;
    }

    /// <summary>A line of /etc/passwd, which an external entity would have pulled into the output.</summary>
    [GeneratedRegex(@"root:[x*]?:0:0:")]
    private static partial Regex PasswdLine();
}

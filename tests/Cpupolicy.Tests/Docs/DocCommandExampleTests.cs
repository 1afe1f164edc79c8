using System.CommandLine;
using Cpupolicy.Cli;
using Cpupolicy.Cli.Infrastructure;
using Cpupolicy.Tests.Cli;

namespace Cpupolicy.Tests.Docs;

/// <summary>
/// The command examples of README.md and docs/*.md (docs/cli.md, "Examples in these documents"):
/// <list type="bullet">
/// <item><c>```console</c> blocks are run. Each <c>$ cpupolicy ...</c> line runs in-process, in order, from the root
/// of a scratch copy of the repository (one per document, so a later block may use what an earlier one wrote);
/// other lines are sample output and are not compared. The exit code must be 0, or N when the line ends in
/// <c># exit N</c>. <c>NAME=value</c> prefixes set environment variables and <c>&lt; FILE</c> feeds stdin.</item>
/// <item><c>```sh</c> blocks are recipes for a real host (its paths, root): their <c>cpupolicy</c> commands are not
/// run, but must parse (command, arguments and options exist).</item>
/// </list>
/// </summary>
[Collection(WorkingDirectoryCollection.Name)]
public sealed class DocCommandExampleTests
{
    private const string Prompt = "$ ";
    private const string DotnetRun = "dotnet run --project compiler/Cpupolicy.Cli -- ";

    public static TheoryData<string> Documents { get; } = new(FencedBlock.DocumentFiles);

    [Fact]
    public void The_documents_have_command_examples() =>
        Assert.True(
            FencedBlock.All().Count(b => b.Language == "console") >= 5,
            "too few ```console blocks: every command of docs/cli.md has a runnable example");

    [Theory]
    [MemberData(nameof(Documents))]
    public void Console_examples_run_with_the_stated_exit_codes(string document)
    {
        using var scratch = new ScratchRepository();
        var failures = new List<string>();
        var saved = Directory.GetCurrentDirectory();
        try
        {
            Directory.SetCurrentDirectory(scratch.Root);
            foreach (var block in FencedBlock.Read(document).Where(b => b.Language == "console"))
            {
                for (var i = 0; i < block.BodyLines.Count; i++)
                {
                    var line = block.BodyLines[i];
                    if (!line.StartsWith(Prompt, StringComparison.Ordinal))
                    {
                        continue;
                    }

                    var where = $"{document}:{block.Line + 1 + i}";
                    var failure = Run(where, line[Prompt.Length..]);
                    if (failure is not null)
                    {
                        failures.Add(failure);
                    }
                }
            }
        }
        finally
        {
            Directory.SetCurrentDirectory(saved);
        }

        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Shell_recipes_name_commands_and_options_that_exist(string document)
    {
        var failures = new List<string>();
        foreach (var block in FencedBlock.Read(document).Where(b => b.Language is "sh" or "bash" or "shell"))
        {
            for (var i = 0; i < block.BodyLines.Count; i++)
            {
                foreach (var segment in block.BodyLines[i].Split(['|', ';', '&'], StringSplitOptions.TrimEntries))
                {
                    var text = segment.StartsWith(DotnetRun, StringComparison.Ordinal) ? "cpupolicy " + segment[DotnetRun.Length..] : segment;
                    if (!text.StartsWith("cpupolicy ", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    var command = ShellCommand.Parse(text.Split('>')[0]);
                    var parse = CliApp.Parse([.. command.Words.Skip(1)], new CliIo(TextWriter.Null, TextWriter.Null, TextReader.Null, StdoutIsTerminal: false));
                    if (parse.Errors.Count > 0)
                    {
                        failures.Add($"{document}:{block.Line + 1 + i}: `{text}` does not parse: {string.Join("; ", parse.Errors.Select(e => e.Message))}");
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static string? Run(string where, string text)
    {
        ShellCommand command;
        try
        {
            command = ShellCommand.Parse(text);
        }
        catch (FormatException e)
        {
            return $"{where}: {e.Message}";
        }

        if (command.Words.Count == 0 || command.Words[0] != "cpupolicy")
        {
            return $"{where}: a runnable example runs `cpupolicy`, not `{text}` (use a ```sh block for other commands)";
        }

        var saved = command.Environment.Keys.ToDictionary(k => k, Environment.GetEnvironmentVariable);
        try
        {
            foreach (var (name, value) in command.Environment)
            {
                Environment.SetEnvironmentVariable(name, value);
            }

            var stdin = command.Stdin is null ? string.Empty : File.ReadAllText(command.Stdin);
            var result = CliRunner.RunWithStdin(stdin, [.. command.Words.Skip(1)]);
            return result.ExitCode == command.ExpectedExit
                ? null
                : $"{where}: `{text}` exited {result.ExitCode}, expected {command.ExpectedExit} (write `# exit N` after a command that should fail)\n" +
                  $"stdout: {Head(result.Stdout)}\nstderr: {Head(result.Stderr)}";
        }
        finally
        {
            foreach (var (name, value) in saved)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }
    }

    private static string Head(string text) => text.Length <= 2000 ? text : text[..2000] + " ...";
}

using System.Diagnostics;

namespace Cpupolicy.Tests.Database;

/// <summary>Runs a peer program to completion and captures its output.</summary>
public static class TestProcess
{
    public static (int ExitCode, string Stdout, string Stderr) Run(string program, IEnumerable<string> arguments, string? stdin = null)
    {
        var psi = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {program}");
        var stderr = p.StandardError.ReadToEndAsync();
        p.StandardInput.Write(stdin ?? string.Empty);
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout, stderr.GetAwaiter().GetResult());
    }
}

using System.Diagnostics;
using System.Text;

namespace Cpupolicy.Core.IO;

/// <summary>
/// Runs another program with a time bound and a cap on what is kept of its output: the one process runner of the
/// hooks (<c>xe</c>), the live analyses (<c>xe</c>, <c>virsh</c>, <c>kubectl</c>) and the private libvirt daemon. Arguments
/// go to the program one by one, never through a shell; its standard input is closed at once. Past the deadline the
/// program and its children are killed, so a hung tool cannot hang a VM start; past the cap its output is read and
/// dropped, so a chatty one cannot fill memory (and never blocks on a full pipe).
/// </summary>
public static class BoundedProcess
{
    /// <summary>The start information for <paramref name="program"/> with these arguments, as <see cref="Run"/> wants it.</summary>
    public static ProcessStartInfo Command(string program, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(program) { UseShellExecute = false };
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        return info;
    }

    /// <summary>
    /// Runs the program to its end. <paramref name="cannotStart"/> makes the exception thrown when it cannot start (its
    /// argument is why, or null when the system gave no reason), <paramref name="timedOut"/> the one thrown when it did
    /// not finish in time; a non-zero exit code is the caller's to judge.
    /// </summary>
    public static ProcessOutput Run(
        ProcessStartInfo info, TimeSpan timeout, int maxOutputChars, Func<string?, Exception> cannotStart, Func<Exception> timedOut)
    {
        info.UseShellExecute = false;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.RedirectStandardInput = true;
        Process? process;
        try
        {
            process = Process.Start(info);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw cannotStart(e.Message);
        }

        using (process)
        {
            if (process is null)
            {
                throw cannotStart(null);
            }

            process.StandardInput.Close();
            var stdout = ReadCapped(process.StandardOutput, maxOutputChars);
            var stderr = ReadCapped(process.StandardError, maxOutputChars);
            if (!process.WaitForExit(timeout))
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // It ended just now.
                }

                throw timedOut();
            }

            process.WaitForExit();
            return new ProcessOutput(process.ExitCode, stdout.Result, stderr.Result);
        }
    }

    /// <summary>The first <paramref name="max"/> characters of a stream, read to its end (the rest is dropped).</summary>
    private static Task<string> ReadCapped(StreamReader reader, int max) => Task.Run(async () =>
    {
        var kept = new StringBuilder();
        var chunk = new char[16 * 1024];
        int n;
        while ((n = await reader.ReadAsync(chunk).ConfigureAwait(false)) > 0)
        {
            kept.Append(chunk, 0, Math.Min(n, Math.Max(0, max - kept.Length)));
        }

        return kept.ToString();
    });
}

/// <summary>What a program run by <see cref="BoundedProcess"/> printed, and its exit code.</summary>
public sealed record ProcessOutput(int ExitCode, string Stdout, string Stderr);

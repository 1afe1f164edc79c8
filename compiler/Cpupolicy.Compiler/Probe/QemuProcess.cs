using System.Diagnostics;
using System.Text;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.Probe;

/// <summary>
/// Runs one QEMU to its end and collects what it wrote: stdout (the guest's serial console), stderr, the exit
/// status and the time taken. A run that outlives the timeout is killed (this QEMU process only, by its handle) and
/// reported as CP0902.
/// </summary>
public static class QemuProcess
{
    public sealed record Result(IReadOnlyList<string> CommandLine, string Stdout, string Stderr, int ExitCode, TimeSpan Elapsed);

    /// <param name="timeoutMessage">The CP0902 message and hint when the timeout passes.</param>
    public static Result Run(string qemu, IReadOnlyList<string> arguments, TimeSpan timeout, Func<(string Message, string Hint)> timeoutMessage)
    {
        var info = new ProcessStartInfo(qemu)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.Latin1, // firmware prints escape sequences; never fail on bytes
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new DiagnosticException(DiagnosticCatalog.ProbeQemuFailed.Create(
            SourceSpan.WholeFile(ProbeRunner.RunSpan), $"`{qemu}` could not be started"));
        process.StandardInput.Close(); // the serial port's input: the guest never reads it
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(); // this QEMU only, by its handle
            process.WaitForExit();
            var (message, hint) = timeoutMessage();
            throw new DiagnosticException(DiagnosticCatalog.ProbeTimeout.Create(SourceSpan.WholeFile(ProbeRunner.RunSpan), message, hint));
        }

        process.WaitForExit(); // drains the redirected streams
        clock.Stop();
        return new Result([qemu, .. arguments], stdout.Result, stderr.Result, process.ExitCode, clock.Elapsed);
    }
}

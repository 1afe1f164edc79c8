namespace Cpupolicy.Tests.Fuzz.Harness;

/// <summary>How one watched run ended: an outcome signature, an exception, or a timeout.</summary>
public sealed record WatchdogResult(string? Outcome, Exception? Error, bool TimedOut);

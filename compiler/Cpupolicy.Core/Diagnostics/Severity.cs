namespace Cpupolicy.Core.Diagnostics;

/// <summary>How bad a diagnostic is. Errors stop the pipeline before emission; warnings do not.</summary>
public enum Severity
{
    Error,
    Warning,
}

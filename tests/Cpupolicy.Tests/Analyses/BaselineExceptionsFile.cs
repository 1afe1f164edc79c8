namespace Cpupolicy.Tests.Analyses;

/// <summary>The shape of baseline-exceptions.yaml.</summary>
public sealed class BaselineExceptionsFile
{
    public List<BaselineException> Exceptions { get; set; } = [];
}

namespace Cpupolicy.Tests.Fuzz.Harness;

/// <summary>
/// A harness's property did not hold for an input (a wrong round trip, an internal-failure exit, a partial output
/// file). Thrown by the harness itself, so the runner can tell a broken law from an unexpected exception.
/// </summary>
public sealed class FuzzPropertyException : Exception
{
    public FuzzPropertyException(string message)
        : base(message)
    {
    }

    public FuzzPropertyException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public FuzzPropertyException()
    {
    }
}

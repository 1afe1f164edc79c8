namespace Cpupolicy.Policy.Syntax;

/// <summary>The vendors a <c>vendor</c> constraint can name (the words <c>intel</c> and <c>amd</c>).</summary>
public enum VendorKeyword
{
    Intel,
    Amd,
}

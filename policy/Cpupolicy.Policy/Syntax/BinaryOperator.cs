namespace Cpupolicy.Policy.Syntax;

/// <summary>The set operators of the expression language.</summary>
public enum BinaryOperator
{
    /// <summary><c>+</c></summary>
    Union,

    /// <summary><c>-</c> (needs whitespace on both sides, since <c>-</c> may appear inside a name)</summary>
    Difference,

    /// <summary><c>&amp;</c></summary>
    Intersection,
}

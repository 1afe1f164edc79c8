namespace Cpupolicy.Compiler.Hooks;

/// <summary>One thing <c>hook check</c> found wrong: its code, the path at fault, what is wrong, and how to fix it.</summary>
public sealed record HookCheckProblem(string Code, string Path, string Message, string Fix);

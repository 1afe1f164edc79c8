namespace Cpupolicy.Core.Bundle;

/// <summary>One emitted artifact: the backend, the file name <c>compile</c> writes it to, and its text.</summary>
public sealed record Artifact(string Backend, string FileName, string Text);

namespace Cpupolicy.Tests.Hooks;

/// <summary>The choices <see cref="DomainXmlGenerators"/> made for one document, before it is assembled into bytes.</summary>
internal sealed record DomainParts(
    string NewLine,
    string Indent,
    string Declaration,
    string Lead,
    string RootAttributes,
    int Number,
    bool ViaMetadata,
    string Before,
    string? Cpu,
    string After,
    bool TailNewline,
    string Trailer);

using System.Text;

namespace Cpupolicy.Tests.Hooks;

/// <summary>
/// A generated domain XML and the generator's own record of where things are (the oracle the property checks the
/// hook against): the byte range of the <c>&lt;cpu&gt;</c> child of <c>&lt;domain&gt;</c> (null when there is none)
/// and where <c>&lt;/domain&gt;</c> starts.
/// </summary>
public sealed record GeneratedDomain(byte[] Bytes, int? CpuStart, int? CpuEnd, int RootEnd, string Name)
{
    public string Text => Encoding.UTF8.GetString(Bytes);

    public override string ToString() => Text;
}

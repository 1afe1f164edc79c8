using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Tests.Infrastructure;

public class DiagnosticCatalogTests
{
    [Fact]
    public void Codes_are_unique_well_formed_and_never_retired_ones()
    {
        var codes = DiagnosticCatalog.All.Select(d => d.Code).ToList();
        Assert.Equal(codes.Count, codes.Distinct(StringComparer.Ordinal).Count());
        Assert.All(codes, c => Assert.Matches("^CP[0-9]{4}$", c));
        Assert.Empty(codes.Intersect(DiagnosticCatalog.RetiredCodes));
    }
}

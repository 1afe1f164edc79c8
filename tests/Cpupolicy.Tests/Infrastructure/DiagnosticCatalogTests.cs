using Cpupolicy.Policy.Diagnostics;

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

    [Fact]
    public void Retired_codes_are_well_formed_and_listed_once()
    {
        var retired = DiagnosticCatalog.RetiredCodes;
        Assert.All(retired, c => Assert.Matches("^CP[0-9]{4}$", c));
        Assert.Equal(retired.Count, retired.Distinct(StringComparer.Ordinal).Count());
    }
}

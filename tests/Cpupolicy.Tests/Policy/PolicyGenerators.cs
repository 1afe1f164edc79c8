using Cpupolicy.Policy.Syntax;
using FsCheck;
using FsCheck.Fluent;

namespace Cpupolicy.Tests.Policy;

/// <summary>
/// FsCheck generators of syntax trees in canonical form (the form the parser produces: no blank line before the
/// first item of a file or block, continuations only between list items, right operands of operators that are
/// themselves binary wrapped in parentheses). Names come from realistic pools so printed trees look like policies.
/// </summary>
internal static class PolicyGenerators
{
    public static readonly string[] Features =
    [
        "sse4.1", "sse4_2", "sse4-1", "avx", "avx2", "avx512f", "avx512vl", "avx512-vnni", "avx512_bf16", "fma", "bmi1", "bmi2",
        "aes", "pclmulqdq", "pclmuldq", "lahf_lm", "lahf-lm", "hle", "rtm", "pcid", "invpcid", "x2apic", "tsc-deadline", "xsave",
        "xsaveopt", "md-clear", "spec-ctrl", "ssbd", "arch-capabilities", "rdrand", "rdseed", "adx", "smap", "smep", "erms",
        "movbe", "f16c", "popcnt", "vmx", "svm", "ibpb", "amd-ssbd", "clwb", "pku", "gfni", "vaes", "sha-ni", "_private.bit",
        "asimddp", "atomics", "sve2", "ID_AA64ISAR0_EL1.TLB.RANGE", "ISAR1.LRCPC",
    ];

    /// <summary>aarch64 field names and levels for <c>FIELD &gt;= LEVEL</c> items of feature lists.</summary>
    public static readonly string[] Fields = ["ISAR0.AES", "ID_AA64ISAR1_EL1.API", "PFR0.FP", "DFR0.PMUVer", "MMFR1.PAN"];

    public static readonly string[] Levels = ["1", "2", "0x2", "0b0010", "IMP", "PMULL", "V3P1", "FP16", "PAN2"];

    public static readonly string[] Models =
    [
        "Haswell", "Haswell-noTSX", "Haswell-noTSX-IBRS", "IvyBridge", "SandyBridge-v2", "Broadwell-v4", "Skylake-Server-v4",
        "Skylake-Client-IBRS", "Cascadelake-Server-v4", "Cooperlake", "Icelake-Server-v6", "EPYC", "EPYC-Rome", "EPYC-v1",
        "x86-64-v1", "x86-64-v2", "x86-64-v3", "x86-64-v4", "qemu64",
    ];

    public static readonly string[] Hosts = ["hera", "zeus", "apollo", "artemis", "node-01", "node_02", "rack2.node3", "xcp-ng-1", "cl1"];

    public static readonly string[] Pools = ["homelab", "cluster_a", "epyc.pool", "harvester", "all-hosts", "xcp-pool-1"];

    public static readonly string[] Profiles = ["safe", "fast", "web-tier", "db.v2", "no_tsx", "legacy", "avx2-vms", "model"];

    public static readonly string[] Backends = ["xen", "xapi", "libvirt", "qemu", "kubevirt"];

    public static readonly string[] OptionKeys = ["format", "model", "check", "cores_per_socket", "baseline"];

    public static readonly string[] OptionValues = ["libxl", "xend", "auto", "full", "partial", "none", "Cascadelake-Server-v4", "x86-64-v3"];

    public static readonly string[] Strings =
    [
        "hosts/hera.xml", "hosts/x86_64-cpuid-Xeon-E5-2630-v3.xml", "web-*", "db??", "*", "", "with \"quotes\"", "back\\slash\\",
        "spaces in a path", "ünïcödé/主机", "#not-a-comment", "a{b}(c)", "tab\there",
    ];

    private static readonly string[] CommentTexts =
    [
        "#", "# note", "#no space", "# a \"quoted\" # nested", "# ünïcode ✓ 主机", "#-- x86-64-v3 --", "# {braces} (parens) = , ;", "#\ttabbed",
    ];

    private static readonly char[] CommentChars = "abc XYZ 019 #\"\\{}()=,;+-&*?é\t".ToCharArray();

    private static Gen<T?> Sometimes<T>(Gen<T> gen, int weightNone = 4)
        where T : class =>
        Gen.Frequency((weightNone, Gen.Constant<T?>(null)), (1, gen.Select(v => (T?)v)));

    private static Gen<CommentSyntax> Comment { get; } = Gen.Frequency(
        (3, Gen.Elements(CommentTexts)),
        (1, Gen.ArrayOf(Gen.Elements(CommentChars)).Select(chars => ("#" + new string(chars)).TrimEnd(' ', '\t'))))
        .Select(text => new CommentSyntax(text, default));

    private static Gen<CommentLine> CommentLineGen { get; } =
        from comment in Comment
        from blank in Gen.Frequency((3, Gen.Constant(false)), (1, Gen.Constant(true)))
        select new CommentLine(comment, blank);

    private static Gen<SyntaxList<CommentLine>> CommentLines { get; } =
        Gen.Frequency((5, Gen.Constant(0)), (2, Gen.Choose(1, 3)))
            .SelectMany(n => Gen.ArrayOf(CommentLineGen, n))
            .Select(lines => lines.ToSyntaxList());

    private static Gen<LineTrivia> Trivia { get; } =
        from leading in CommentLines
        from blank in Gen.Frequency((3, Gen.Constant(false)), (1, Gen.Constant(true)))
        from trailing in Sometimes(Comment)
        select new LineTrivia(leading, blank, trailing);

    private static Gen<ContinuationTrivia?> Continuation { get; } = Gen.Frequency(
        (6, Gen.Constant<ContinuationTrivia?>(null)),
        (2, Gen.Constant<ContinuationTrivia?>(ContinuationTrivia.Plain)),
        (1, from eol in Sometimes(Comment, 1)
            from n in Gen.Choose(0, 2)
            from lines in Gen.ArrayOf(Comment, n)
            select (ContinuationTrivia?)new ContinuationTrivia(eol, lines.ToSyntaxList())));

    private static Gen<NameSyntax> Name(string[] pool) => Gen.Elements(pool).Select(text => new NameSyntax(text, default));

    private static Gen<SyntaxList<NameSyntax>> NameList(string[] pool, int min, int max = 5) =>
        from n in Gen.Choose(min, max)
        from names in Gen.ArrayOf(Gen.Elements(pool), n)
        from breaks in Gen.ArrayOf(Continuation, n)
        select names.Select((text, k) => new NameSyntax(text, default, k < n - 1 ? breaks[k] : null)).ToSyntaxList();

    /// <summary>A feature list: names, some of them aarch64 <c>FIELD &gt;= LEVEL</c> items.</summary>
    private static Gen<SyntaxList<NameSyntax>> FeatureList(int min, int max = 5) =>
        from n in Gen.Choose(min, max)
        from items in Gen.ArrayOf(Gen.Frequency((4, Gen.Elements(Features).Select(f => (f, (string?)null))), (1, from f in Gen.Elements(Fields) from l in Gen.Elements(Levels) select (f, (string?)l))), n)
        from breaks in Gen.ArrayOf(Continuation, n)
        select items.Select((item, k) => new NameSyntax(item.Item1, default, k < n - 1 ? breaks[k] : null)
        {
            AtLeast = item.Item2 is { } level ? new FieldLevelSyntax(level, default) : null,
        }).ToSyntaxList();

    private static Gen<StringLiteralSyntax> StringLiteral { get; } = Gen.Elements(Strings).Select(s => new StringLiteralSyntax(s, default));

    private static Gen<ExpressionSyntax> Leaf { get; } = Gen.OneOf(
        Name([.. Profiles, .. Hosts, .. Pools]).Select(n => (ExpressionSyntax)new NameExpressionSyntax(n, default)),
        FeatureList(0).Select(f => (ExpressionSyntax)new FeatureSetExpressionSyntax(f, default)),
        Name(Models).Select(m => (ExpressionSyntax)new ModelExpressionSyntax(m, default)),
        NameList([.. Hosts, .. Pools], 1, 3).Select(s => (ExpressionSyntax)new BaselineExpressionSyntax(s, default)));

    public static Gen<ExpressionSyntax> Expression(int size)
    {
        if (size <= 1)
        {
            return Leaf;
        }

        var operand = Expression(size / 2).Select(e => e is BinaryExpressionSyntax ? new ParenthesizedExpressionSyntax(e, default) : e);
        var binary = from left in Expression(size / 2)
                     from op in Gen.Elements(BinaryOperator.Union, BinaryOperator.Difference, BinaryOperator.Intersection)
                     from right in operand
                     select (ExpressionSyntax)new BinaryExpressionSyntax(left, op, default, right, default);
        var paren = Expression(size / 2).Select(e => (ExpressionSyntax)new ParenthesizedExpressionSyntax(e, default));
        return Gen.Frequency((3, Leaf), (3, binary), (1, paren));
    }

    private static Gen<ConstraintSyntax> Constraint { get; } =
        from trivia in Trivia
        from kind in Gen.Choose(0, 2)
        from features in FeatureList(1)
        from vendor in Gen.Elements(VendorKeyword.Intel, VendorKeyword.Amd, VendorKeyword.HiSilicon, VendorKeyword.Arm, VendorKeyword.Ampere)
        select kind switch
        {
            0 => (ConstraintSyntax)new RequireConstraintSyntax(features, trivia, default),
            1 => new ForbidConstraintSyntax(features, trivia, default),
            _ => new VendorConstraintSyntax(vendor, default, trivia, default),
        };

    private static Gen<OptionSyntax> Option { get; } =
        from trivia in Trivia
        from key in Name(OptionKeys)
        from value in Name(OptionValues)
        select new OptionSyntax(key, value, trivia, default);

    private static Gen<BlockSyntax<T>> Block<T>(Gen<T> entry)
        where T : BlockEntrySyntax =>
        from n in Gen.Choose(0, 3)
        from entries in Gen.ArrayOf(entry, n)
        from open in Sometimes(Comment)
        from closing in CommentLines
        select new BlockSyntax<T>(entries.ToSyntaxList(), open, closing, default);

    private static Gen<StatementSyntax> Statement(int size) => Gen.Frequency(
        (2, from name in Name(Hosts)
            from path in StringLiteral
            from trivia in Trivia
            select (StatementSyntax)new HostFromStatementSyntax(name, path, trivia, default)),
        (1, from name in Name(Hosts)
            from model in Name(Models)
            from trivia in Trivia
            select (StatementSyntax)new HostIsStatementSyntax(name, model, trivia, default)),
        (2, from name in Name(Pools)
            from members in NameList([.. Hosts, .. Pools], 1)
            from trivia in Trivia
            select (StatementSyntax)new PoolStatementSyntax(name, members, trivia, default)),
        (4, from name in Name(Profiles)
            from expression in Expression(size)
            from constraints in Sometimes(Block(Constraint), 1)
            from trivia in Trivia
            select (StatementSyntax)new ProfileStatementSyntax(name, expression, constraints, trivia, default)),
        (2, from glob in StringLiteral
            from profile in Name(Profiles)
            from trivia in Trivia
            select (StatementSyntax)new VmStatementSyntax(glob, profile, trivia, default)),
        (1, from profile in Name(Profiles)
            from trivia in Trivia
            select (StatementSyntax)new DefaultStatementSyntax(profile, trivia, default)),
        (2, from backend in Name(Backends)
            from options in Sometimes(Block(Option), 1)
            from trivia in Trivia
            select (StatementSyntax)new TargetStatementSyntax(backend, options, trivia, default)),
        (1, from path in StringLiteral
            from trivia in Trivia
            select (StatementSyntax)new IncludeStatementSyntax(path, trivia, default)));

    /// <summary>Whole policies in canonical form.</summary>
    public static Gen<PolicySyntax> Policy { get; } = Gen.Sized(size =>
        from n in Gen.Choose(0, Math.Clamp(size / 5, 1, 15))
        from statements in Gen.ArrayOf(Statement(Math.Clamp(size / 3, 1, 16)), n)
        from end in CommentLines
        select Canonical.Of(new PolicySyntax(statements.ToSyntaxList(), end, default)));

    public static Arbitrary<PolicySyntax> PolicyArbitrary { get; } = Policy.ToArbitrary();
}

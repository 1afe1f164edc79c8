using Cpupolicy.Core.Database;

namespace Cpupolicy.Compiler.Audit;

/// <summary>
/// What an ELF file's notes say about the CPU it needs: the psABI level and the features that stand for it
/// (the level's model in the <c>psabi-1.0</c> catalog, plus any per-extension bits of older encodings), and, kept
/// apart, what the assembler recorded as used (no requirement: it counts code behind CPUID checks too).
/// </summary>
public sealed record IsaDeclaration(string? Level, FeatureSet Features, string? UsedLevel, FeatureSet UsedFeatures)
{
    public static IsaDeclaration None { get; } = new(null, FeatureSet.Empty, null, FeatureSet.Empty);

    public static IsaDeclaration From(X86IsaProperties p, ModelDatabase models)
    {
        var db = models.FeatureDb;
        var level = p.LevelsNeeded is { } needed ? X86IsaNoteBits.HighestLevel(needed) : null;
        var usedLevel = p.LevelsUsed is { } used ? X86IsaNoteBits.HighestLevel(used) : null;
        var declared = LevelFeatures(level, models)
            | db.SetOf(X86IsaNoteBits.Names(p.CompatNeeded ?? 0, X86IsaNoteBits.Compat))
            | db.SetOf(X86IsaNoteBits.Names(p.Compat2Needed ?? 0, X86IsaNoteBits.Compat2));
        var usedFeatures = LevelFeatures(usedLevel, models)
            | db.SetOf(X86IsaNoteBits.Names(p.CompatUsed ?? 0, X86IsaNoteBits.Compat))
            | db.SetOf(X86IsaNoteBits.Names(p.Compat2Used ?? 0, X86IsaNoteBits.Compat2));
        return new IsaDeclaration(level, declared, usedLevel, usedFeatures);
    }

    private static FeatureSet LevelFeatures(string? level, ModelDatabase models) =>
        level is null ? FeatureSet.Empty
            : models.Find(ModelDatabase.Psabi, level)?.Features
              ?? throw new InvalidOperationException($"the model database has no psABI level {level}");
}

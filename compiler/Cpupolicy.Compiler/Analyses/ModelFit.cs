using Cpupolicy.Core.Database;

namespace Cpupolicy.Compiler.Analyses;

/// <summary>
/// A named model of one catalog that describes a feature set: the set is the model's features plus
/// <see cref="Extra"/> minus <see cref="Missing"/> (both within what the catalog can name). For a libvirt catalog this
/// is libvirt's own baseline answer, where <see cref="Missing"/> are the <c>policy='disable'</c> features; for QEMU the
/// model is one the set contains entirely, so <see cref="Missing"/> is empty.
/// </summary>
public sealed record ModelFit(string Catalog, CpuModel Model, FeatureSet Extra, FeatureSet Missing);

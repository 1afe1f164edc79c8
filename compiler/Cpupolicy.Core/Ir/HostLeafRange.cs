namespace Cpupolicy.Core.Ir;

/// <summary>
/// The CPUID leaf ranges a host's own CPUID reports: the highest basic leaf (leaf 0 EAX), leaf 7's highest subleaf
/// (leaf 7 subleaf 0 EAX, 0 when the host has no leaf 7) and the highest extended leaf (leaf 0x80000000 EAX). Known
/// only where the inventory carries raw leaves (a CPUID dump, libvirt's CPUID data, the probe).
/// </summary>
public sealed record HostLeafRange(uint MaxBasic, uint MaxLeaf7Subleaf, uint MaxExtended);

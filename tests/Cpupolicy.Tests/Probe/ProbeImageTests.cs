using System.Buffers.Binary;
using Cpupolicy.Compiler.Audit;
using Cpupolicy.Core.Database;
using Cpupolicy.Compiler.Probe;
using Iced.Intel;

namespace Cpupolicy.Tests.Probe;

/// <summary>The probe image without booting it: its container (ELF, multiboot), its plan, and its MSR guards.</summary>
public class ProbeImageTests
{
    private const uint LoadAddress = 0x10_0000;
    private static readonly ProbeImage Image = ProbeImageBuilder.Default;

    private static byte[] Bytes => [.. Image.Bytes];

    [Fact]
    public void Is_built_deterministically()
    {
        var again = ProbeImageBuilder.Build(FeatureDatabase.Default);
        Assert.Equal(Bytes, again.Bytes.ToArray());
        Assert.Equal(Image.Sha256, again.Sha256);
    }

    [Fact]
    public void Is_an_i386_executable_whose_one_segment_maps_the_whole_file_at_1_MiB()
    {
        Assert.True(ElfReader.TryRead(Bytes, "probe.elf", out var elf, out var error), error?.ToString());
        Assert.False(elf.Is64);
        Assert.Equal(ElfMachine.I386, elf.Machine);
        Assert.Equal(ElfFileType.Executable, elf.FileType);
        var load = Assert.Single(elf.Segments, s => s.Type == ElfSegment.TypeLoad);
        Assert.Equal(LoadAddress, load.VirtualAddress);
        Assert.Equal(0UL, load.Offset);
        Assert.Equal((ulong)Bytes.Length, load.FileSize);
        Assert.Equal(Image.Entry, BinaryPrimitives.ReadUInt32LittleEndian(Bytes.AsSpan(24)));
    }

    [Fact]
    public void Has_a_multiboot_header_whose_address_fields_agree_with_the_elf_segment()
    {
        var bytes = Bytes;
        uint U32(int at) => BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at));
        var offset = Enumerable.Range(0, Math.Min(8192, bytes.Length - 32) / 4).Select(i => i * 4).Single(o => U32(o) == 0x1BADB002);
        Assert.Equal(0u, unchecked(U32(offset) + U32(offset + 4) + U32(offset + 8))); // magic + flags + checksum
        Assert.Equal(1u << 16, U32(offset + 4) & (1u << 16));                           // the address fields are valid
        Assert.Equal((uint)offset, U32(offset + 12) - U32(offset + 16));                // header_addr - load_addr
        Assert.Equal(LoadAddress, U32(offset + 16));
        Assert.Equal(LoadAddress + (uint)bytes.Length, U32(offset + 20));              // load_end_addr: the whole file
        Assert.True(U32(offset + 24) >= U32(offset + 20));                              // bss_end_addr
        Assert.Equal(Image.Entry, U32(offset + 28));
    }

    [Fact]
    public void Plan_reads_every_leaf_and_subleaf_of_the_database_and_the_range_heads()
    {
        var plan = Image.Plan;
        Assert.Contains(0u, plan.Ranges);
        Assert.Contains(0x8000_0000u, plan.Ranges);
        foreach (var f in FeatureDatabase.Default.Features.Where(f => !f.Location.IsMsr))
        {
            var key = (f.Location.Leaf!.Value, f.Location.Subleaf ?? 0);
            Assert.True(plan.Leaves.Contains(key) || (plan.Ranges.Contains(key.Value) && key.Item2 == 0), $"{f.Name} at {f.Location} is not probed");
            Assert.True(plan.Knowable.Contains(f));
        }

        Assert.Equal([0xcfu, 0x10au], plan.Msrs.Select(m => m.Index));
        Assert.True(plan.Knowable.Contains(FeatureDatabase.Default.Get("rdctl-no")));
        Assert.False(plan.Knowable.Contains(FeatureDatabase.Default.Get("vmx-ept")));
    }

    [Fact]
    public void Every_rdmsr_runs_only_after_cpuid_says_the_msr_exists()
    {
        // An RDMSR of an absent MSR raises #GP, which triple-faults a guest without an IDT: each must sit behind
        // `bt <guard register>, <guard bit>; jae skip; mov ecx, <index>`.
        var bytes = Bytes;
        var decoder = Iced.Intel.Decoder.Create(32, new ByteArrayCodeReader(bytes, (int)(Image.Entry - LoadAddress), bytes.Length - (int)(Image.Entry - LoadAddress)));
        decoder.IP = Image.Entry;
        var code = new List<Instruction>();
        while (decoder.IP < LoadAddress + (ulong)bytes.Length)
        {
            code.Add(decoder.Decode());
        }

        Assert.DoesNotContain(code, i => i.IsInvalid);
        var reads = code.Select((ins, at) => (ins, at)).Where(x => x.ins.Mnemonic == Mnemonic.Rdmsr).Select(x => x.at).ToList();
        Assert.Equal(Image.Plan.Msrs.Count, reads.Count);
        foreach (var (at, msr) in reads.Zip(Image.Plan.Msrs))
        {
            var guard = msr.Guard.Location;
            Assert.Equal(Mnemonic.Mov, code[at - 1].Mnemonic);
            Assert.Equal(Register.ECX, code[at - 1].Op0Register);
            Assert.Equal(msr.Index, code[at - 1].Immediate32);
            Assert.Equal(Mnemonic.Jae, code[at - 2].Mnemonic);
            Assert.Equal(Mnemonic.Bt, code[at - 3].Mnemonic);
            var register = guard.Register!.Value switch
            {
                CpuidRegister.Eax => Register.EAX,
                CpuidRegister.Ebx => Register.EBX,
                CpuidRegister.Ecx => Register.ECX,
                _ => Register.EDX,
            };
            Assert.Equal(register, code[at - 3].Op0Register);
            Assert.Equal((uint)guard.Bit, code[at - 3].Immediate8);
            Assert.Equal(Mnemonic.Cpuid, code[at - 4].Mnemonic);
            Assert.Equal(guard.Leaf!.Value, code[at - 6].Immediate32); // mov eax, leaf; mov ecx, subleaf; cpuid
        }
    }
}

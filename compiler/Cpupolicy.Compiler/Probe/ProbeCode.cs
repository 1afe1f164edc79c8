using System.Text;
using Iced.Intel;
using Cpupolicy.Core.Database;
using Cpupolicy.Compiler.Inventory;
using static Iced.Intel.AssemblerRegisters;

namespace Cpupolicy.Compiler.Probe;

/// <summary>
/// The probe guest's program, assembled with Iced for 32-bit protected mode (what a multiboot loader hands over:
/// flat segments, interrupts off, no stack, no paging). It prints the probe format (docs/inventory-formats.md) on
/// COM1 and powers off through QEMU's <c>isa-debug-exit</c>. There is no interrupt table: any exception
/// triple-faults, which <c>-no-reboot</c> turns into a QEMU exit without the closing <c>end</c> line.
/// <para>
/// Label memory operands are RIP-relative in Iced and so unusable in 32-bit code; the strings and variables live at
/// absolute addresses fixed by <see cref="ProbeLayout"/> instead.
/// </para>
/// </summary>
internal sealed class ProbeCode
{
    private const ushort ComData = 0x3f8;
    private const ushort ComLineStatus = 0x3fd;
    private const byte TransmitterEmpty = 0x20;

    // Variables, at ProbeLayout.Variables.
    private const uint VarLeaf = 0;
    private const uint VarSubleaf = 4;
    private const uint VarEax = 8;
    private const uint VarEbx = 12;
    private const uint VarEcx = 16;
    private const uint VarEdx = 20;
    private const uint VarRangeLimits = 32; // one dword per range: the highest leaf that exists in it

    // The header starts on a fresh line: the BIOS leaves its last message ("Booting from ROM..") unterminated.
    private static readonly string[] Strings = ["\n" + ProbeReader.Header + "\n", "cpuid ", "msr ", "end\n"];

    private readonly Assembler a = new(32);
    private readonly Dictionary<string, uint> stringAddress = [];
    private readonly ProbePlan plan;
    private Label putc;
    private Label puts;
    private Label hex8;
    private Label cpuidLine;

    private ProbeCode(ProbePlan plan) => this.plan = plan;

    /// <summary>The data block (strings) at <see cref="ProbeLayout.Data"/> and the code after it; the code's first byte is the entry point.</summary>
    public static (byte[] Data, byte[] Code, uint CodeAddress) Assemble(ProbePlan plan)
    {
        if (plan.Ranges.Count * 4 + VarRangeLimits > ProbeLayout.VariablesSize)
        {
            throw new InvalidOperationException("too many CPUID ranges for the probe's variable area");
        }

        var code = new ProbeCode(plan);
        var data = code.LayOutStrings();
        var codeAddress = ProbeLayout.Align(ProbeLayout.Data + (uint)data.Length, 16);
        code.EmitProgram();
        using var stream = new MemoryStream();
        code.a.Assemble(new StreamCodeWriter(stream), codeAddress);
        var bytes = stream.ToArray();
        if (codeAddress + bytes.Length > ProbeLayout.Variables)
        {
            throw new InvalidOperationException($"the probe program ({bytes.Length} bytes) overlaps its variables");
        }

        return (data, bytes, codeAddress);
    }

    private static uint Var(uint offset) => ProbeLayout.Variables + offset;

    private byte[] LayOutStrings()
    {
        var data = new List<byte>();
        foreach (var s in Strings)
        {
            stringAddress[s] = ProbeLayout.Data + (uint)data.Count;
            data.AddRange(Encoding.ASCII.GetBytes(s));
            data.Add(0);
        }

        return [.. data];
    }

    private void EmitProgram()
    {
        putc = a.CreateLabel("putc");
        puts = a.CreateLabel("puts");
        hex8 = a.CreateLabel("hex8");
        cpuidLine = a.CreateLabel("cpuid_line");

        a.cli();
        a.cld();
        a.mov(esp, ProbeLayout.StackTop);
        PutString(Strings[0]);
        for (var r = 0; r < plan.Ranges.Count; r++)
        {
            EmitRange(r);
        }

        foreach (var msr in plan.Msrs)
        {
            EmitMsr(msr);
        }

        PutString("end\n");

        // isa-debug-exit: QEMU exits with status (value << 1) | 1.
        a.mov(dx, ProbeLayout.DebugExitPort);
        a.mov(eax, ProbeLayout.DebugExitValue);
        a.@out(dx, eax);

        // Without the device the write does nothing: stop here, and the host's timeout ends the run.
        var halt = a.CreateLabel("halt");
        a.Label(ref halt);
        a.cli();
        a.hlt();
        a.jmp(halt);

        EmitCpuidLine();
        EmitHex8();
        EmitPuts();
        EmitPutc();
    }

    /// <summary>
    /// The range's head leaf (always), its limit (the head's EAX when that lies in the range, as real CPUs return
    /// another range's data for a range they lack), then each leaf of the range up to the limit.
    /// </summary>
    private void EmitRange(int index)
    {
        var head = plan.Ranges[index];
        var limit = Var(VarRangeLimits + (uint)(4 * index));
        a.mov(eax, head);
        a.xor(ecx, ecx);
        a.call(cpuidLine);
        a.mov(edx, eax);
        a.and(edx, unchecked((int)0xffff_0000));
        a.cmp(edx, unchecked((int)head));
        var inRange = a.CreateLabel();
        a.je(inRange);
        a.mov(eax, head);
        a.Label(ref inRange);
        a.mov(__dword_ptr[limit], eax);

        foreach (var (leaf, subleaf) in plan.Leaves.Where(l => ProbePlan.RangeOf(l.Leaf) == head))
        {
            var skip = a.CreateLabel();
            a.cmp(__dword_ptr[limit], unchecked((int)leaf));
            a.jb(skip);
            a.mov(eax, leaf);
            a.mov(ecx, subleaf);
            a.call(cpuidLine);
            a.Label(ref skip);
        }
    }

    /// <summary>Reads one MSR, only when its leaf is in range and its guard bit is set.</summary>
    private void EmitMsr(ProbeMsr msr)
    {
        var loc = msr.Guard.Location;
        var leaf = loc.Leaf!.Value;
        var range = plan.Ranges.ToList().IndexOf(ProbePlan.RangeOf(leaf));
        var skip = a.CreateLabel();
        a.cmp(__dword_ptr[Var(VarRangeLimits + (uint)(4 * range))], unchecked((int)leaf));
        a.jb(skip);
        a.mov(eax, leaf);
        a.mov(ecx, loc.Subleaf ?? 0);
        a.cpuid();
        var register = loc.Register!.Value switch
        {
            CpuidRegister.Eax => eax,
            CpuidRegister.Ebx => ebx,
            CpuidRegister.Ecx => ecx,
            _ => edx,
        };
        a.bt(register, (byte)loc.Bit);
        a.jae(skip); // CF clear: the MSR does not exist

        a.mov(ecx, msr.Index);
        a.rdmsr();
        a.mov(__dword_ptr[Var(VarEax)], eax);
        a.mov(__dword_ptr[Var(VarEdx)], edx);
        PutString("msr ");
        a.mov(eax, msr.Index);
        a.call(hex8);
        PutChar(' ');
        a.mov(eax, __dword_ptr[Var(VarEdx)]);
        a.call(hex8);
        a.mov(eax, __dword_ptr[Var(VarEax)]);
        a.call(hex8);
        PutChar('\n');
        a.Label(ref skip);
    }

    /// <summary>cpuid_line: EAX = leaf, ECX = subleaf; runs CPUID, prints its line, returns the output EAX in EAX.</summary>
    private void EmitCpuidLine()
    {
        a.Label(ref cpuidLine);
        a.mov(__dword_ptr[Var(VarLeaf)], eax);
        a.mov(__dword_ptr[Var(VarSubleaf)], ecx);
        a.cpuid();
        a.mov(__dword_ptr[Var(VarEax)], eax);
        a.mov(__dword_ptr[Var(VarEbx)], ebx);
        a.mov(__dword_ptr[Var(VarEcx)], ecx);
        a.mov(__dword_ptr[Var(VarEdx)], edx);
        PutString("cpuid ");
        foreach (var v in new[] { VarLeaf, VarSubleaf, VarEax, VarEbx, VarEcx, VarEdx })
        {
            if (v != VarLeaf)
            {
                PutChar(' ');
            }

            a.mov(eax, __dword_ptr[Var(v)]);
            a.call(hex8);
        }

        PutChar('\n');
        a.mov(eax, __dword_ptr[Var(VarEax)]);
        a.ret();
    }

    /// <summary>hex8: prints EAX as 8 lowercase hex digits, most significant first.</summary>
    private void EmitHex8()
    {
        a.Label(ref hex8);
        a.push(ebx);
        a.push(ecx);
        a.mov(ebx, eax);
        a.mov(ecx, 8);
        var digit = a.CreateLabel();
        var decimalDigit = a.CreateLabel();
        a.Label(ref digit);
        a.rol(ebx, 4);
        a.mov(al, bl);
        a.and(al, 0xf);
        a.add(al, (byte)'0');
        a.cmp(al, (byte)'9');
        a.jbe(decimalDigit);
        a.add(al, (byte)('a' - '9' - 1));
        a.Label(ref decimalDigit);
        a.call(putc);
        a.dec(ecx);
        a.jne(digit);
        a.pop(ecx);
        a.pop(ebx);
        a.ret();
    }

    /// <summary>puts: prints the zero-terminated string at ESI.</summary>
    private void EmitPuts()
    {
        a.Label(ref puts);
        var done = a.CreateLabel();
        a.lodsb();
        a.test(al, al);
        a.je(done);
        a.call(putc);
        a.jmp(puts);
        a.Label(ref done);
        a.ret();
    }

    /// <summary>putc: writes AL to COM1 once its transmitter is empty; keeps every other register.</summary>
    private void EmitPutc()
    {
        a.Label(ref putc);
        a.push(edx);
        a.push(eax);
        a.mov(dx, ComLineStatus);
        var wait = a.CreateLabel();
        a.Label(ref wait);
        a.@in(al, dx);
        a.test(al, TransmitterEmpty);
        a.je(wait);
        a.pop(eax);
        a.mov(dx, ComData);
        a.@out(dx, al);
        a.pop(edx);
        a.ret();
    }

    private void PutString(string s)
    {
        a.mov(esi, stringAddress[s]);
        a.call(puts);
    }

    private void PutChar(char c)
    {
        a.mov(al, (byte)c);
        a.call(putc);
    }
}

using System;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;

namespace LockFirmware.Tests.NanoGate;

/// <summary>One decoded IL instruction: where it is, what it is and its operand.</summary>
public sealed class IlInstruction
{
    /// <summary>Creates an instruction.</summary>
    public IlInstruction(int offset, ILOpCode opCode, OperandType operandType, long operand, int[] switchTargets)
    {
        Offset = offset;
        OpCode = opCode;
        OperandType = operandType;
        Operand = operand;
        SwitchTargets = switchTargets;
    }

    /// <summary>Byte offset of the opcode in the method body.</summary>
    public int Offset { get; }

    /// <summary>The opcode.</summary>
    public ILOpCode OpCode { get; }

    /// <summary>The kind of operand that follows the opcode.</summary>
    public OperandType OperandType { get; }

    /// <summary>The operand widened to 64 bits: a metadata token, an integer, a branch offset or the bits of a float.</summary>
    public long Operand { get; }

    /// <summary>Relative jump targets of a <c>switch</c>; empty for every other opcode.</summary>
    public int[] SwitchTargets { get; }

    /// <summary>True when the operand is a metadata token.</summary>
    public bool HasToken => OperandType is OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineSig
        or OperandType.InlineTok or OperandType.InlineType;

    /// <summary>The operand as a metadata entity handle; only valid when <see cref="HasToken"/>.</summary>
    public EntityHandle Token => MetadataTokens.EntityHandle((int)Operand);

    /// <summary>The ILDASM mnemonic, e.g. <c>ldc.r8</c>.</summary>
    public string Mnemonic => IlReader.Mnemonic(OpCode);

    /// <summary><c>IL_0004 ldc.r8</c>.</summary>
    public override string ToString() => FormattableString.Invariant($"IL_{Offset:x4} {Mnemonic}");
}

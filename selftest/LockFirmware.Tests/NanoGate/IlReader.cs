using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;

namespace LockFirmware.Tests.NanoGate;

/// <summary>
/// Walks an IL byte stream opcode by opcode, reading each operand with its real size (ECMA-335 III.1.2),
/// including the variable-length <c>switch</c> table, so no operand byte is ever mistaken for an opcode.
/// </summary>
public static class IlReader
{
    private static readonly Dictionary<ushort, OpCode> s_opCodes = BuildOpCodeTable();

    /// <summary>Decodes a whole method body's IL.</summary>
    /// <exception cref="InvalidDataException">An unknown opcode or an operand running past the end.</exception>
    public static List<IlInstruction> Read(byte[] il)
    {
        var result = new List<IlInstruction>();
        int pos = 0;
        while (pos < il.Length)
        {
            int offset = pos;
            ushort value = il[pos++];
            if (value == 0xFE)
            {
                Need(il, pos, 1, offset);
                value = (ushort)(0xFE00 | il[pos++]);
            }
            if (!s_opCodes.TryGetValue(value, out OpCode op))
            {
                throw new InvalidDataException(FormattableString.Invariant($"Unknown IL opcode 0x{value:x} at IL_{offset:x4}."));
            }

            long operand = 0;
            int[] targets = Array.Empty<int>();
            switch (op.OperandType)
            {
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget:
                case OperandType.ShortInlineI:
                    Need(il, pos, 1, offset);
                    operand = (sbyte)il[pos];
                    pos += 1;
                    break;
                case OperandType.ShortInlineVar:
                    Need(il, pos, 1, offset);
                    operand = il[pos];
                    pos += 1;
                    break;
                case OperandType.InlineVar:
                    Need(il, pos, 2, offset);
                    operand = BitConverter.ToUInt16(il, pos);
                    pos += 2;
                    break;
                case OperandType.InlineI8:
                case OperandType.InlineR:
                    Need(il, pos, 8, offset);
                    operand = BitConverter.ToInt64(il, pos);
                    pos += 8;
                    break;
                case OperandType.InlineSwitch:
                    Need(il, pos, 4, offset);
                    int count = BitConverter.ToInt32(il, pos);
                    pos += 4;
                    if (count < 0 || (long)count * 4 > il.Length - pos)
                    {
                        throw new InvalidDataException(FormattableString.Invariant($"switch at IL_{offset:x4} has a bad table length {count}."));
                    }
                    targets = new int[count];
                    for (int i = 0; i < count; i++)
                    {
                        targets[i] = BitConverter.ToInt32(il, pos);
                        pos += 4;
                    }
                    operand = count;
                    break;
                default:
                    // InlineBrTarget, InlineField, InlineI, InlineMethod, InlineSig, InlineString, InlineTok, InlineType, ShortInlineR.
                    Need(il, pos, 4, offset);
                    operand = BitConverter.ToInt32(il, pos);
                    pos += 4;
                    break;
            }
            result.Add(new IlInstruction(offset, (ILOpCode)value, op.OperandType, operand, targets));
        }
        return result;
    }

    /// <summary>The ILDASM mnemonic of an opcode, e.g. <c>conv.r.un</c>.</summary>
    public static string Mnemonic(ILOpCode opCode)
        => s_opCodes.TryGetValue((ushort)opCode, out OpCode op) ? op.Name ?? opCode.ToString() : opCode.ToString();

    private static void Need(byte[] il, int pos, int bytes, int offset)
    {
        if (pos + bytes > il.Length)
        {
            throw new InvalidDataException(FormattableString.Invariant($"IL operand of the instruction at IL_{offset:x4} runs past the end of the body."));
        }
    }

    // The opcode list and operand kinds come from the runtime's own System.Reflection.Emit.OpCodes table.
    private static Dictionary<ushort, OpCode> BuildOpCodeTable()
    {
        var table = new Dictionary<ushort, OpCode>();
        foreach (FieldInfo field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            if (field.GetValue(null) is OpCode op)
            {
                table[(ushort)op.Value] = op;
            }
        }
        return table;
    }
}

using System.Collections.Generic;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Collections.Immutable;
using Xunit;

namespace LockFirmware.Tests.NanoGate;

/// <summary>
/// Each gate rule against a small offending snippet compiled with Roslyn against nanoFramework's mscorlib: the gate
/// must reject it and name the offending type and member. A clean snippet full of look-alikes (float maths, jagged
/// arrays, int ToString, a switch table, an ldc.i4 whose operand bytes are 0x23 = ldc.r8) must pass, so no rule
/// passes by rejecting everything.
/// </summary>
public class NanoGateRuleTests
{
    private const string Clean = @"
namespace S
{
    public enum Mode { Idle, Run, Stop, Fault }
    public delegate void Handler(int value);
    public struct Reading { public int Counts; public override string ToString() { return ""r"" + Counts; } }
    public interface ISensor { int Read(); }
    public sealed class Clean : ISensor
    {
        private readonly int[][] _jagged = new int[][] { new int[2], new int[3] };
        private readonly object _gate = new object();
        public event System.EventHandler Changed;
        public Handler OnValue;
        public int Read() { return _jagged[1].Length; }
        public float Scale(uint counts, float gain) { float f = counts; return f * gain * 0.5f; }
        public long Wide(int a, int b) { return (long)a * b; }
        public int Magic() { return 0x23232323; } // operand bytes look like ldc.r8 to a naive byte scan
        public string Name(Mode m)
        {
            switch (m)
            {
                case Mode.Idle: return ""idle"";
                case Mode.Run: return ""run"";
                case Mode.Stop: return ""stop"";
                case Mode.Fault: return ""fault"";
            }
            return ""mode "" + (int)m;
        }
        public string Text(Reading r, int n) { return r.ToString() + n.ToString() + ""x"" + n; }
        public int Guarded(int[] values)
        {
            int sum = 0;
            lock (_gate) { foreach (int v in values) { sum += v; } }
            try { sum = checked(sum * 2); } catch (System.Exception) { sum = int.MaxValue; }
            if (Changed != null) { Changed(this, System.EventArgs.Empty); }
            if (OnValue != null) { OnValue(sum); }
            return sum;
        }
        public System.Collections.IEnumerable Items() { return new System.Collections.ArrayList(); }
    }
}";

    private const string GenericBox = @"namespace S { public sealed class Box<T> { public T Value; } }";

    /// <summary>Code shaped like the firmware but using none of the forbidden features passes.</summary>
    [Fact]
    public void Clean_snippet_passes()
    {
        IReadOnlyList<NanoViolation> violations = Check(Clean);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    /// <summary>A generic type definition is rejected and named.</summary>
    [Fact]
    public void Generic_type_definition_is_rejected()
    {
        AssertRejects(Check(GenericBox), NanoRule.GenericDefinition, "S.Box`1", "");
    }

    /// <summary>A generic method definition is rejected and named.</summary>
    [Fact]
    public void Generic_method_definition_is_rejected()
    {
        const string src = @"namespace S { public static class U { public static void Swap<T>(ref T a, ref T b) { T t = a; a = b; b = t; } } }";
        AssertRejects(Check(src), NanoRule.GenericDefinition, "S.U", "Swap(");
    }

    /// <summary>Instantiations of the snippet's own generic type in a field, a local and an IL operand (newobj, ldfld) are each rejected.</summary>
    [Theory]
    [InlineData("public Box<int> Held;", "Held", "field type")]
    [InlineData("public int Local() { Box<int> b = null; return b == null ? 0 : 1; }", "Local()", "local V_0")]
    [InlineData("public object Make() { return new Box<short>(); }", "Make()", "newobj")]
    [InlineData("public int Peek(object o) { return ((Box<int>)o).Value; }", "Peek(object)", "ldfld")]
    public void Instantiating_an_own_generic_type_is_rejected(string memberSource, string member, string detail)
    {
        string src = GenericBox + " namespace S { public class User { " + memberSource + " } }";
        AssertRejects(Check(src), NanoRule.GenericInstantiation, "S.User", member, detail);
    }

    /// <summary>mscorlib's own generic delegates (Action&lt;T&gt;, Func&lt;T&gt;, EventHandler&lt;T&gt;) are rejected wherever they appear.</summary>
    [Theory]
    [InlineData("public System.Action<int> Act;", "Act", "System.Action`1<int>")]
    [InlineData("public void Run(System.Func<int> f) { }", "Run(System.Func`1<int>)", "signature")]
    [InlineData("public int Call(object o) { return ((System.Func<int>)o)(); }", "Call(object)", "callvirt")]
    [InlineData("public event System.EventHandler<Args> Changed;", "Changed", "System.EventHandler`1<S.Args>")]
    public void Mscorlib_generic_delegates_are_rejected(string memberSource, string member, string detail)
    {
        string src = "namespace S { public class Args : System.EventArgs { } public class User { " + memberSource + " } }";
        AssertRejects(Check(src), NanoRule.GenericInstantiation, "S.User", member, detail);
    }

    /// <summary>A call to a generic method instantiation (a MethodSpec in the IL) is rejected in the calling member.</summary>
    [Fact]
    public void Calling_a_generic_method_is_rejected()
    {
        const string src = @"namespace S { public static class U {
            public static T Id<T>(T v) { return v; }
            public static int Caller() { return Id<int>(4); } } }";
        AssertRejects(Check(src), NanoRule.GenericInstantiation, "S.U", "Caller()", "instantiates generic method S.U::Id<int>");
    }

    /// <summary>Implementing a generic interface puts a TypeSpec in the InterfaceImpl table; it is rejected on the type.</summary>
    [Fact]
    public void Implementing_a_generic_interface_is_rejected()
    {
        const string src = @"namespace S { public interface IGet<T> { T Get(); } public class Impl : IGet<int> { public int Get() { return 1; } } }";
        AssertRejects(Check(src), NanoRule.GenericInstantiation, "S.Impl", "", "implemented interface");
    }

    /// <summary>A reference to an assembly that is neither mscorlib nor one of the project's nano builds is rejected.</summary>
    [Fact]
    public void Foreign_assembly_reference_is_rejected()
    {
        byte[] other = NanoSnippetCompiler.Compile("namespace O { public static class Lib { public static int One() { return 1; } } }", "Other.Library");
        const string src = "namespace S { public class User { public int Use() { return O.Lib.One(); } } }";
        var violations = Check(src, other);
        AssertRejects(violations, NanoRule.AssemblyReference, "<assembly>", "", "'Other.Library'");
    }

    /// <summary>References to the project's own nano-built assemblies are allowed.</summary>
    [Fact]
    public void Project_assembly_reference_is_allowed()
    {
        byte[] hal = NanoSnippetCompiler.Compile("namespace LockFirmware.Hal { public interface IClock { long NowMs { get; } } }", "LockFirmware.Hal");
        const string src = "namespace S { public class User { public long Now(LockFirmware.Hal.IClock c) { return c.NowMs; } } }";
        var violations = Check(src, hal);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    /// <summary>double in a field, parameter, return, property or local is rejected and named.</summary>
    [Theory]
    [InlineData("public double Volts;", "Volts", "field type")]
    [InlineData("public const double Gain = 2.5;", "Gain", "field type")]
    [InlineData("public int Round(double v) { return (int)v; }", "Round(double)", "signature")]
    [InlineData("public double Ratio() { return 0; }", "Ratio()", "signature")]
    [InlineData("public double Level { get { return 0; } }", "Level", "property type")]
    [InlineData("public int Local(int a) { double d = a; return (int)d; }", "Local(int)", "local V_0")]
    public void Double_in_a_signature_or_local_is_rejected(string memberSource, string member, string detail)
    {
        AssertRejects(Check("namespace S { public class User { " + memberSource + " } }"), NanoRule.Double, "S.User", member, detail);
    }

    /// <summary>Double-precision IL (ldc.r8, conv.r8, conv.r.un into double, double-typed calls) is rejected even when no double is stored.</summary>
    [Theory]
    [InlineData("public float Half(float a) { return (float)(a * 0.5); }", "Half(float)", "ldc.r8")]
    [InlineData("public float Widen(float a, float b) { return (float)((double)a * b); }", "Widen(float, float)", "conv.r8")]
    [InlineData("public float Unsigned(uint u) { return (float)(double)u; }", "Unsigned(uint)", "conv.r.un produces a double")]
    [InlineData("public float Parse(string s) { return (float)System.Convert.ToDouble(s); }", "Parse(string)", "System.Convert::ToDouble")]
    [InlineData("public float FromArray(double[] a) { return (float)a[0]; }", "FromArray(double[])", "ldelem.r8")]
    public void Double_precision_IL_is_rejected(string memberSource, string member, string detail)
    {
        AssertRejects(Check("namespace S { public class User { " + memberSource + " } }"), NanoRule.Double, "S.User", member, detail);
    }

    /// <summary>Multidimensional arrays in a field, a signature, a local or an IL newobj are rejected.</summary>
    [Theory]
    [InlineData("public int[,] Grid;", "Grid", "field type")]
    [InlineData("public void Fill(byte[,] cells) { }", "Fill(byte[,])", "signature")]
    [InlineData("public object Make() { return new int[2, 3]; }", "Make()", "newobj")]
    [InlineData("public int Local() { int[,] g = null; return g == null ? 0 : 1; }", "Local()", "local V_0")]
    public void Multidimensional_array_is_rejected(string memberSource, string member, string detail)
    {
        AssertRejects(Check("namespace S { public class User { " + memberSource + " } }"), NanoRule.MultiDimensionalArray, "S.User", member, detail);
    }

    /// <summary>ToString on an enum value, in each way Roslyn compiles it, is rejected.</summary>
    [Theory]
    [InlineData("public string Name(Mode m) { return m.ToString(); }", "Name(S.Mode)", "constrained.")]
    [InlineData("public string Concat(Mode m) { return \"mode=\" + m; }", "Concat(S.Mode)", "constrained.")]
    [InlineData("public string Boxed(Mode m) { return ((object)m).ToString(); }", "Boxed(S.Mode)", "box S.Mode")]
    [InlineData("public string Formatted(Mode m) { return string.Format(\"{0}\", m); }", "Formatted(S.Mode)", "System.String::Format")]
    [InlineData("public string Interpolated(Mode m) { return $\"mode={m}\"; }", "Interpolated(S.Mode)", "System.String::Format")]
    [InlineData("public string Day(System.DateTime t) { return t.DayOfWeek.ToString(); }", "Day(System.DateTime)", "System.DayOfWeek")]
    public void Enum_ToString_is_rejected(string memberSource, string member, string detail)
    {
        string src = "namespace S { public enum Mode { Idle, Run } public class User { " + memberSource + " } }";
        AssertRejects(Check(src), NanoRule.EnumToString, "S.User", member, detail);
    }

    /// <summary>An enum defined in another (referenced) assembly is recognised through its TypeRef.</summary>
    [Fact]
    public void Enum_ToString_on_an_enum_from_a_referenced_assembly_is_rejected()
    {
        byte[] hal = NanoSnippetCompiler.Compile("namespace LockFirmware.Hal { public enum BridgeMode { Coast, Forward } }", "LockFirmware.Hal");
        const string src = "namespace S { public class User { public string Show(LockFirmware.Hal.BridgeMode b) { return b.ToString(); } } }";
        AssertRejects(Check(src, hal), NanoRule.EnumToString, "S.User", "Show(LockFirmware.Hal.BridgeMode)", "on an enum");
    }

    /// <summary>A type implementing IAsyncStateMachine (what the compiler generates for async methods) is rejected.</summary>
    [Fact]
    public void Async_state_machine_is_rejected()
    {
        // nano mscorlib has no async support types, so the snippet declares the interface the compiler would use.
        const string src = @"
namespace System.Runtime.CompilerServices
{
    public interface IAsyncStateMachine { void MoveNext(); void SetStateMachine(IAsyncStateMachine stateMachine); }
}
namespace S
{
    public struct Worker : System.Runtime.CompilerServices.IAsyncStateMachine
    {
        public void MoveNext() { }
        public void SetStateMachine(System.Runtime.CompilerServices.IAsyncStateMachine stateMachine) { }
    }
}";
        AssertRejects(Check(src), NanoRule.AsyncStateMachine, "S.Worker", "", "IAsyncStateMachine");
    }

    /// <summary>A method marked [AsyncStateMachine] (an async method) is rejected.</summary>
    [Fact]
    public void Async_method_attribute_is_rejected()
    {
        const string src = @"
namespace System.Runtime.CompilerServices
{
    public sealed class AsyncStateMachineAttribute : System.Attribute { public AsyncStateMachineAttribute(System.Type t) { } }
}
namespace S
{
    public class User { [System.Runtime.CompilerServices.AsyncStateMachine(typeof(User))] public void Go() { } }
}";
        AssertRejects(Check(src), NanoRule.AsyncStateMachine, "S.User", "Go()", "async method");
    }

    /// <summary>The IL walker reads switch tables and operands by size: it decodes the clean snippet's switch and never
    /// mistakes an operand byte for an opcode.</summary>
    [Fact]
    public void Il_reader_reads_switch_tables_and_operands_by_size()
    {
        byte[] image = NanoSnippetCompiler.Compile(Clean);
        using var pe = new PEReader(ImmutableArray.Create(image));
        MetadataReader md = pe.GetMetadataReader();
        var bodies = md.MethodDefinitions
            .Select(h => md.GetMethodDefinition(h))
            .Where(m => m.RelativeVirtualAddress != 0)
            .ToDictionary(m => md.GetString(m.Name), m => pe.GetMethodBody(m.RelativeVirtualAddress).GetILBytes()!);

        var name = IlReader.Read(bodies["Name"]);
        IlInstruction sw = Assert.Single(name, i => i.OpCode == ILOpCode.Switch);
        Assert.Equal(4, sw.SwitchTargets.Length);
        Assert.Equal(bodies["Name"].Length, name[^1].Offset + 1); // last instruction (ret) ends exactly at the body end

        var magic = IlReader.Read(bodies["Magic"]);
        Assert.Contains(magic, i => i.OpCode == ILOpCode.Ldc_i4 && i.Operand == 0x23232323);
        Assert.DoesNotContain(magic, i => i.OpCode == ILOpCode.Ldc_r8);
    }

    /// <summary>Truncated IL is reported, not silently skipped.</summary>
    [Fact]
    public void Il_reader_rejects_truncated_operands()
    {
        // ldc.i4 with only two of its four operand bytes.
        Assert.Throws<System.IO.InvalidDataException>(() => IlReader.Read(new byte[] { 0x20, 0x01, 0x02 }));
        // switch announcing three targets but carrying one.
        Assert.Throws<System.IO.InvalidDataException>(() => IlReader.Read(new byte[] { 0x45, 3, 0, 0, 0, 1, 0, 0, 0 }));
    }

    private static IReadOnlyList<NanoViolation> Check(string source, params byte[][] references)
    {
        byte[] image = NanoSnippetCompiler.Compile(source, "Snippet", references);
        var checker = new NanoCompatibilityChecker();
        checker.AddReference(NanoGatePaths.NanoMscorlib);
        foreach (byte[] reference in references)
        {
            checker.AddReference(reference);
        }
        return checker.Check(image);
    }

    private static void AssertRejects(IReadOnlyList<NanoViolation> violations, NanoRule rule, string type, string memberFragment, string detailFragment = "")
    {
        bool found = violations.Any(v => v.Rule == rule
            && v.TypeName == type
            && (memberFragment.Length == 0 ? v.MemberName.Length == 0 : v.MemberName.Contains(memberFragment, System.StringComparison.Ordinal))
            && v.Detail.Contains(detailFragment, System.StringComparison.Ordinal));
        Assert.True(found,
            $"Expected a {rule} violation in {type}::{memberFragment} mentioning '{detailFragment}'; the gate reported:\n"
            + (violations.Count == 0 ? "(nothing)" : string.Join("\n", violations)));
    }
}

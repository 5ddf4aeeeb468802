namespace LockFirmware.Tests.NanoGate;

/// <summary>What the nanoFramework runtime (CoreLibrary 1.17.x on nanoCLR) cannot run, one value per gate rule.</summary>
public enum NanoRule
{
    /// <summary>A type or method declares generic parameters (the metadata processor rejects them, NFMDP 0x81010009).</summary>
    GenericDefinition,

    /// <summary>A generic instantiation is used: a TypeSpec or MethodSpec such as <c>Action&lt;int&gt;</c> or <c>M&lt;T&gt;()</c>.</summary>
    GenericInstantiation,

    /// <summary>An assembly reference other than mscorlib and the project's own nano-built assemblies.</summary>
    AssemblyReference,

    /// <summary><c>double</c> in a signature, field, local or IL instruction (ESP32 images are single-precision).</summary>
    Double,

    /// <summary>A multidimensional (rank &gt; 1 or non-zero-bound) array.</summary>
    MultiDimensionalArray,

    /// <summary>ToString on an enum value: nanoFramework prints the number, not the name.</summary>
    EnumToString,

    /// <summary>An async state machine (a type implementing IAsyncStateMachine, or an async method).</summary>
    AsyncStateMachine,
}

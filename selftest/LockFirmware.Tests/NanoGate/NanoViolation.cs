namespace LockFirmware.Tests.NanoGate;

/// <summary>One thing in an assembly that the nanoFramework runtime cannot run.</summary>
public sealed class NanoViolation
{
    /// <summary>Creates a violation.</summary>
    /// <param name="rule">The rule broken.</param>
    /// <param name="typeName">Full name of the type where it was found (nested types joined with '+'), or <c>&lt;assembly&gt;</c>.</param>
    /// <param name="memberName">The member (method with parameter types, field, property, event), or empty for the type itself.</param>
    /// <param name="detail">What exactly was found, e.g. <c>IL_0004 ldc.r8</c> or <c>field type double</c>.</param>
    public NanoViolation(NanoRule rule, string typeName, string memberName, string detail)
    {
        Rule = rule;
        TypeName = typeName;
        MemberName = memberName;
        Detail = detail;
    }

    /// <summary>The rule broken.</summary>
    public NanoRule Rule { get; }

    /// <summary>Full name of the type where it was found, or <c>&lt;assembly&gt;</c>.</summary>
    public string TypeName { get; }

    /// <summary>The member where it was found; empty when the type itself is at fault.</summary>
    public string MemberName { get; }

    /// <summary>What exactly was found.</summary>
    public string Detail { get; }

    /// <summary><c>Type::Member</c>, or just the type when no member is involved.</summary>
    public string Location => MemberName.Length == 0 ? TypeName : TypeName + "::" + MemberName;

    /// <summary>One line for test output: rule, location and detail.</summary>
    public override string ToString() => $"[{Rule}] {Location}: {Detail}";
}

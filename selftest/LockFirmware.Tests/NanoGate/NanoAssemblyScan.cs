using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace LockFirmware.Tests.NanoGate;

/// <summary>
/// One run of the gate over one assembly: walks every type, member, signature, local and IL body, then sweeps
/// the TypeSpec, MethodSpec and MemberRef tables for anything the walk did not reach (attributes, stray rows).
/// </summary>
internal sealed class NanoAssemblyScan
{
    private const string ModuleScope = "<module>";
    private const string AssemblyScope = "<assembly>";

    private readonly PEReader _pe;
    private readonly MetadataReader _md;
    private readonly HashSet<string> _allowedReferences;
    private readonly EnumTypeIndex _enums;
    private readonly List<NanoViolation> _violations = new();
    private readonly HashSet<string> _reported = new();
    private readonly HashSet<EntityHandle> _seen = new();

    /// <summary>Prepares a scan of <paramref name="image"/>.</summary>
    public NanoAssemblyScan(ImmutableArray<byte> image, HashSet<string> allowedReferences, EnumTypeIndex enums)
    {
        _pe = new PEReader(image);
        _md = _pe.GetMetadataReader();
        _allowedReferences = allowedReferences;
        _enums = enums;
    }

    /// <summary>Runs the scan and returns the violations in the order found, without duplicates.</summary>
    public IReadOnlyList<NanoViolation> Run()
    {
        foreach (AssemblyReferenceHandle h in _md.AssemblyReferences)
        {
            string name = _md.GetString(_md.GetAssemblyReference(h).Name);
            if (!_allowedReferences.Contains(name))
            {
                Report(NanoRule.AssemblyReference, AssemblyScope, "", $"references assembly '{name}'; allowed: {string.Join(", ", _allowedReferences.OrderBy(n => n))}");
            }
        }

        foreach (TypeDefinitionHandle h in _md.TypeDefinitions)
        {
            ScanType(h);
        }

        SweepTables();
        return _violations;
    }

    private void ScanType(TypeDefinitionHandle handle)
    {
        TypeDefinition def = _md.GetTypeDefinition(handle);
        string type = MetadataNames.TypeName(_md, handle);

        int genericCount = def.GetGenericParameters().Count;
        if (genericCount > 0)
        {
            Report(NanoRule.GenericDefinition, type, "", $"type declares {genericCount} generic parameter(s)");
        }
        if (!def.BaseType.IsNil)
        {
            CheckTypeHandle(def.BaseType, type, "", "base type");
        }
        foreach (InterfaceImplementationHandle ih in def.GetInterfaceImplementations())
        {
            EntityHandle iface = _md.GetInterfaceImplementation(ih).Interface;
            CheckTypeHandle(iface, type, "", "implemented interface");
            if (MetadataNames.TypeName(_md, iface) == "System.Runtime.CompilerServices.IAsyncStateMachine")
            {
                Report(NanoRule.AsyncStateMachine, type, "", "implements IAsyncStateMachine (async/await)");
            }
        }
        CheckAttributes(def.GetCustomAttributes(), type, "");

        foreach (FieldDefinitionHandle fh in def.GetFields())
        {
            FieldDefinition field = _md.GetFieldDefinition(fh);
            string member = _md.GetString(field.Name);
            CheckShape(field.DecodeSignature(SignatureShapeProvider.Instance, null), type, member, "field type");
            CheckAttributes(field.GetCustomAttributes(), type, member);
        }

        foreach (MethodDefinitionHandle mh in def.GetMethods())
        {
            ScanMethod(mh, type);
        }

        foreach (PropertyDefinitionHandle ph in def.GetProperties())
        {
            PropertyDefinition property = _md.GetPropertyDefinition(ph);
            string member = _md.GetString(property.Name);
            CheckShape(SignatureShapeProvider.Flatten(property.DecodeSignature(SignatureShapeProvider.Instance, null)), type, member, "property type");
            CheckAttributes(property.GetCustomAttributes(), type, member);
        }

        foreach (EventDefinitionHandle eh in def.GetEvents())
        {
            EventDefinition ev = _md.GetEventDefinition(eh);
            CheckTypeHandle(ev.Type, type, _md.GetString(ev.Name), "event type");
        }

        foreach (MethodImplementationHandle mih in def.GetMethodImplementations())
        {
            MethodImplementation impl = _md.GetMethodImplementation(mih);
            CheckMethodToken(impl.MethodDeclaration, type, MethodName(impl.MethodBody), "explicitly implements");
        }
    }

    private void ScanMethod(MethodDefinitionHandle handle, string type)
    {
        MethodDefinition method = _md.GetMethodDefinition(handle);
        string member = MethodName(handle);

        int genericCount = method.GetGenericParameters().Count;
        if (genericCount > 0)
        {
            Report(NanoRule.GenericDefinition, type, member, $"method declares {genericCount} generic parameter(s)");
        }
        CheckShape(SignatureShapeProvider.Flatten(method.DecodeSignature(SignatureShapeProvider.Instance, null)), type, member, "signature");
        CheckAttributes(method.GetCustomAttributes(), type, member);

        if (method.RelativeVirtualAddress == 0)
        {
            return; // abstract, extern or interface method: no body.
        }
        MethodBodyBlock body = _pe.GetMethodBody(method.RelativeVirtualAddress);
        if (!body.LocalSignature.IsNil)
        {
            ImmutableArray<SignatureShape> locals = _md.GetStandaloneSignature(body.LocalSignature)
                .DecodeLocalSignature(SignatureShapeProvider.Instance, null);
            for (int i = 0; i < locals.Length; i++)
            {
                CheckShape(locals[i], type, member, $"local V_{i}");
            }
        }
        foreach (ExceptionRegion region in body.ExceptionRegions)
        {
            if (!region.CatchType.IsNil)
            {
                CheckTypeHandle(region.CatchType, type, member, "catch type");
            }
        }
        ScanIl(IlReader.Read(body.GetILBytes() ?? System.Array.Empty<byte>()), type, member);
    }

    private void ScanIl(List<IlInstruction> code, string type, string member)
    {
        for (int i = 0; i < code.Count; i++)
        {
            IlInstruction ins = code[i];
            switch (ins.OpCode)
            {
                case ILOpCode.Ldc_r8:
                case ILOpCode.Conv_r8:
                case ILOpCode.Ldelem_r8:
                case ILOpCode.Stelem_r8:
                case ILOpCode.Ldind_r8:
                case ILOpCode.Stind_r8:
                    Report(NanoRule.Double, type, member, $"{ins} works in double");
                    break;
                case ILOpCode.Conv_r_un:
                    // conv.r.un yields a native float F; only "conv.r.un; conv.r4" narrows it back to single precision.
                    if (i + 1 >= code.Count || code[i + 1].OpCode != ILOpCode.Conv_r4)
                    {
                        Report(NanoRule.Double, type, member, $"{ins} produces a double (not followed by conv.r4)");
                    }
                    break;
            }

            if (ins.HasToken)
            {
                CheckOperand(ins, type, member);
            }

            if (ins.OpCode is ILOpCode.Call or ILOpCode.Callvirt or ILOpCode.Ldftn or ILOpCode.Ldvirtftn)
            {
                CheckEnumToString(code, i, type, member);
            }
            else if (ins.OpCode == ILOpCode.Box)
            {
                CheckEnumFormatted(code, i, type, member);
            }
        }
    }

    private void CheckOperand(IlInstruction ins, string type, string member)
    {
        EntityHandle token = ins.Token;
        string what = ins + " operand";
        switch (token.Kind)
        {
            case HandleKind.TypeSpecification:
            case HandleKind.TypeReference:
                CheckTypeHandle(token, type, member, what);
                break;
            case HandleKind.MemberReference:
            case HandleKind.MethodSpecification:
                CheckMethodToken(token, type, member, what);
                break;
            case HandleKind.StandaloneSignature:
                StandaloneSignature sig = _md.GetStandaloneSignature((StandaloneSignatureHandle)token);
                if (sig.GetKind() == StandaloneSignatureKind.Method)
                {
                    CheckShape(SignatureShapeProvider.Flatten(sig.DecodeMethodSignature(SignatureShapeProvider.Instance, null)), type, member, what);
                }
                break;
            // MethodDef and FieldDef operands are this assembly's own members, checked where they are defined.
        }
    }

    // Roslyn compiles enumValue.ToString() as "box E; callvirt Object::ToString" or "constrained. E; callvirt Object::ToString".
    private void CheckEnumToString(List<IlInstruction> code, int index, string type, string member)
    {
        IlInstruction ins = code[index];
        (string? declaringType, string name) = MethodTarget(ins.Token);
        if (name != "ToString")
        {
            return;
        }
        if (declaringType == "System.Enum")
        {
            Report(NanoRule.EnumToString, type, member, $"{ins} calls System.Enum::ToString (prints the number on nanoFramework)");
            return;
        }
        if (index == 0)
        {
            return;
        }
        IlInstruction prev = code[index - 1];
        if (prev.OpCode is ILOpCode.Box or ILOpCode.Constrained)
        {
            bool? isEnum = _enums.IsEnum(_md, prev.Token);
            if (isEnum != false)
            {
                string valueType = MetadataNames.TypeName(_md, prev.Token);
                string why = isEnum == true ? "enum" : "value type that could not be resolved (maybe an enum)";
                Report(NanoRule.EnumToString, type, member, $"{prev} {valueType}; {ins} {declaringType}::ToString on an {why}");
            }
        }
    }

    // String.Format("{0}", e), $"{e}" (no interpolation handler in nano mscorlib) and String.Concat(object) box the enum
    // and let the runtime call ToString on it. Heuristic: the first call after the box is String.Format or String.Concat.
    private void CheckEnumFormatted(List<IlInstruction> code, int index, string type, string member)
    {
        IlInstruction box = code[index];
        if (_enums.IsEnum(_md, box.Token) != true)
        {
            return;
        }
        for (int j = index + 1; j < code.Count; j++)
        {
            IlInstruction next = code[j];
            if (next.OpCode is not (ILOpCode.Call or ILOpCode.Callvirt or ILOpCode.Newobj))
            {
                continue;
            }
            (string? declaringType, string name) = MethodTarget(next.Token);
            if (declaringType == "System.String" && name is "Format" or "Concat")
            {
                Report(NanoRule.EnumToString, type, member,
                    $"{box} {MetadataNames.TypeName(_md, box.Token)}; {next} System.String::{name} formats the enum (prints the number on nanoFramework)");
            }
            return;
        }
    }

    private (string? DeclaringType, string Name) MethodTarget(EntityHandle token)
    {
        switch (token.Kind)
        {
            case HandleKind.MethodDefinition:
                MethodDefinition def = _md.GetMethodDefinition((MethodDefinitionHandle)token);
                return (MetadataNames.TypeName(_md, def.GetDeclaringType()), _md.GetString(def.Name));
            case HandleKind.MemberReference:
                MemberReference mr = _md.GetMemberReference((MemberReferenceHandle)token);
                string? parent = mr.Parent.Kind is HandleKind.TypeReference or HandleKind.TypeDefinition or HandleKind.TypeSpecification
                    ? MetadataNames.TypeName(_md, mr.Parent)
                    : null;
                return (parent, _md.GetString(mr.Name));
            case HandleKind.MethodSpecification:
                return MethodTarget(_md.GetMethodSpecification((MethodSpecificationHandle)token).Method);
            default:
                return (null, "");
        }
    }

    private void CheckAttributes(CustomAttributeHandleCollection attributes, string type, string member)
    {
        foreach (CustomAttributeHandle ah in attributes)
        {
            CustomAttribute attribute = _md.GetCustomAttribute(ah);
            CheckMethodToken(attribute.Constructor, type, member, "attribute");
            (string? attributeType, _) = MethodTarget(attribute.Constructor);
            if (attributeType == "System.Runtime.CompilerServices.AsyncStateMachineAttribute")
            {
                Report(NanoRule.AsyncStateMachine, type, member, "async method ([AsyncStateMachine])");
            }
        }
    }

    // A method or field token (MemberRef, MethodSpec, MethodDef): its declaring type and its signature.
    private void CheckMethodToken(EntityHandle token, string type, string member, string what)
    {
        switch (token.Kind)
        {
            case HandleKind.MethodSpecification:
                _seen.Add(token);
                MethodSpecification spec = _md.GetMethodSpecification((MethodSpecificationHandle)token);
                ImmutableArray<SignatureShape> args = spec.DecodeSignature(SignatureShapeProvider.Instance, null);
                (string? owner, string name) = MethodTarget(spec.Method);
                Report(NanoRule.GenericInstantiation, type, member,
                    $"{what} instantiates generic method {owner}::{name}<{string.Join(", ", args.Select(a => a.Name))}>");
                foreach (SignatureShape arg in args)
                {
                    CheckShape(arg, type, member, what + " type argument", reportGeneric: false);
                }
                CheckMethodToken(spec.Method, type, member, what);
                break;
            case HandleKind.MemberReference:
                _seen.Add(token);
                MemberReference mr = _md.GetMemberReference((MemberReferenceHandle)token);
                var parts = new List<SignatureShape>();
                string parentName = "";
                if (mr.Parent.Kind is HandleKind.TypeReference or HandleKind.TypeDefinition or HandleKind.TypeSpecification)
                {
                    _seen.Add(mr.Parent);
                    SignatureShape parent = SignatureShapeProvider.DecodeTypeHandle(_md, mr.Parent);
                    parentName = parent.Name;
                    parts.Add(parent);
                }
                parts.Add(mr.GetKind() == MemberReferenceKind.Method
                    ? SignatureShapeProvider.Flatten(mr.DecodeMethodSignature(SignatureShapeProvider.Instance, null))
                    : mr.DecodeFieldSignature(SignatureShapeProvider.Instance, null));
                string target = parentName + "::" + _md.GetString(mr.Name) + " " + parts[^1].Name;
                CheckShape(SignatureShape.Combine(target, parts), type, member, what);
                break;
        }
    }

    private void CheckTypeHandle(EntityHandle handle, string type, string member, string what)
    {
        _seen.Add(handle);
        CheckShape(SignatureShapeProvider.DecodeTypeHandle(_md, handle), type, member, what);
    }

    private void CheckShape(SignatureShape shape, string type, string member, string what, bool reportGeneric = true)
    {
        if (shape.HasGeneric && reportGeneric)
        {
            Report(NanoRule.GenericInstantiation, type, member, $"{what} {shape.Name} is generic");
        }
        if (shape.HasDouble)
        {
            Report(NanoRule.Double, type, member, $"{what} {shape.Name} uses double");
        }
        if (shape.HasMultiDimensionalArray)
        {
            Report(NanoRule.MultiDimensionalArray, type, member, $"{what} {shape.Name} is a multidimensional array");
        }
    }

    // Rows nobody pointed at during the walk (for instance only used by an attribute blob) are still checked.
    private void SweepTables()
    {
        for (int row = 1; row <= _md.GetTableRowCount(TableIndex.TypeSpec); row++)
        {
            TypeSpecificationHandle h = MetadataTokens.TypeSpecificationHandle(row);
            if (!_seen.Contains(h))
            {
                CheckTypeHandle(h, ModuleScope, "", $"TypeSpec row {row}");
            }
        }
        for (int row = 1; row <= _md.GetTableRowCount(TableIndex.MethodSpec); row++)
        {
            MethodSpecificationHandle h = MetadataTokens.MethodSpecificationHandle(row);
            if (!_seen.Contains(h))
            {
                CheckMethodToken(h, ModuleScope, "", $"MethodSpec row {row}");
            }
        }
        foreach (MemberReferenceHandle h in _md.MemberReferences)
        {
            if (!_seen.Contains(h))
            {
                CheckMethodToken(h, ModuleScope, "", "MemberRef");
            }
        }
    }

    private string MethodName(EntityHandle handle)
    {
        if (handle.Kind != HandleKind.MethodDefinition)
        {
            (string? owner, string name) = MethodTarget(handle);
            return owner + "::" + name;
        }
        MethodDefinition method = _md.GetMethodDefinition((MethodDefinitionHandle)handle);
        MethodSignature<SignatureShape> sig = method.DecodeSignature(SignatureShapeProvider.Instance, null);
        return _md.GetString(method.Name) + "(" + string.Join(", ", sig.ParameterTypes.Select(p => p.Name)) + ")";
    }

    private void Report(NanoRule rule, string type, string member, string detail)
    {
        var violation = new NanoViolation(rule, type, member, detail);
        if (_reported.Add(violation.ToString()))
        {
            _violations.Add(violation);
        }
    }
}

using System.Collections.Immutable;
using System.Linq;
using System.Reflection.Metadata;

namespace LockFirmware.Tests.NanoGate;

/// <summary>
/// Decodes metadata signatures (method, field, local, property, TypeSpec) into <see cref="SignatureShape"/>s,
/// flagging generic instantiations and parameters, <c>double</c> and general arrays wherever they occur.
/// </summary>
public sealed class SignatureShapeProvider : ISignatureTypeProvider<SignatureShape, object?>
{
    /// <summary>The one instance; the provider is stateless.</summary>
    public static readonly SignatureShapeProvider Instance = new();

    /// <summary>Decodes a TypeSpec blob.</summary>
    public static SignatureShape DecodeTypeSpec(MetadataReader reader, TypeSpecificationHandle handle)
        => reader.GetTypeSpecification(handle).DecodeSignature(Instance, null);

    /// <summary>A shape for any type handle: TypeDef and TypeRef by name, TypeSpec decoded.</summary>
    public static SignatureShape DecodeTypeHandle(MetadataReader reader, EntityHandle handle)
    {
        switch (handle.Kind)
        {
            case HandleKind.TypeDefinition:
                return SignatureShape.Plain(MetadataNames.TypeName(reader, (TypeDefinitionHandle)handle));
            case HandleKind.TypeReference:
                return SignatureShape.Plain(MetadataNames.TypeName(reader, (TypeReferenceHandle)handle));
            case HandleKind.TypeSpecification:
                return DecodeTypeSpec(reader, (TypeSpecificationHandle)handle);
            default:
                return SignatureShape.Plain(handle.Kind.ToString());
        }
    }

    /// <summary>One shape for a whole method signature (return and parameter types).</summary>
    public static SignatureShape Flatten(MethodSignature<SignatureShape> sig)
        => SignatureShape.Combine(
            "(" + string.Join(", ", sig.ParameterTypes.Select(p => p.Name)) + ") -> " + sig.ReturnType.Name,
            sig.ParameterTypes.Add(sig.ReturnType),
            generic: sig.GenericParameterCount > 0);

    /// <inheritdoc/>
    public SignatureShape GetPrimitiveType(PrimitiveTypeCode typeCode)
        => typeCode == PrimitiveTypeCode.Double
            ? new SignatureShape("double", false, true, false)
            : SignatureShape.Plain(CSharpName(typeCode));

    private static string CSharpName(PrimitiveTypeCode typeCode) => typeCode switch
    {
        PrimitiveTypeCode.Boolean => "bool",
        PrimitiveTypeCode.Char => "char",
        PrimitiveTypeCode.SByte => "sbyte",
        PrimitiveTypeCode.Byte => "byte",
        PrimitiveTypeCode.Int16 => "short",
        PrimitiveTypeCode.UInt16 => "ushort",
        PrimitiveTypeCode.Int32 => "int",
        PrimitiveTypeCode.UInt32 => "uint",
        PrimitiveTypeCode.Int64 => "long",
        PrimitiveTypeCode.UInt64 => "ulong",
        PrimitiveTypeCode.Single => "float",
        PrimitiveTypeCode.IntPtr => "nint",
        PrimitiveTypeCode.UIntPtr => "nuint",
        PrimitiveTypeCode.Object => "object",
        PrimitiveTypeCode.String => "string",
        PrimitiveTypeCode.TypedReference => "typedref",
        PrimitiveTypeCode.Void => "void",
        _ => typeCode.ToString(),
    };

    /// <inheritdoc/>
    public SignatureShape GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
        => SignatureShape.Plain(MetadataNames.TypeName(reader, handle));

    /// <inheritdoc/>
    public SignatureShape GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
    {
        string name = MetadataNames.TypeName(reader, handle);
        // A boxed or class-form System.Double still means double on the device.
        return name == "System.Double" ? new SignatureShape(name, false, true, false) : SignatureShape.Plain(name);
    }

    /// <inheritdoc/>
    public SignatureShape GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind)
        => DecodeTypeSpec(reader, handle);

    /// <inheritdoc/>
    public SignatureShape GetSZArrayType(SignatureShape elementType)
        => SignatureShape.Combine(elementType.Name + "[]", new[] { elementType });

    /// <inheritdoc/>
    public SignatureShape GetArrayType(SignatureShape elementType, ArrayShape shape)
        => SignatureShape.Combine(elementType.Name + "[" + new string(',', shape.Rank - 1) + "]", new[] { elementType }, mdArray: true);

    /// <inheritdoc/>
    public SignatureShape GetByReferenceType(SignatureShape elementType)
        => SignatureShape.Combine(elementType.Name + "&", new[] { elementType });

    /// <inheritdoc/>
    public SignatureShape GetPointerType(SignatureShape elementType)
        => SignatureShape.Combine(elementType.Name + "*", new[] { elementType });

    /// <inheritdoc/>
    public SignatureShape GetPinnedType(SignatureShape elementType)
        => SignatureShape.Combine(elementType.Name + " pinned", new[] { elementType });

    /// <inheritdoc/>
    public SignatureShape GetModifiedType(SignatureShape modifier, SignatureShape unmodifiedType, bool isRequired)
        => unmodifiedType;

    /// <inheritdoc/>
    public SignatureShape GetGenericInstantiation(SignatureShape genericType, ImmutableArray<SignatureShape> typeArguments)
        => SignatureShape.Combine(
            genericType.Name + "<" + string.Join(", ", typeArguments.Select(a => a.Name)) + ">",
            typeArguments.Add(genericType),
            generic: true);

    /// <inheritdoc/>
    public SignatureShape GetGenericMethodParameter(object? genericContext, int index)
        => new("!!" + index, true, false, false);

    /// <inheritdoc/>
    public SignatureShape GetGenericTypeParameter(object? genericContext, int index)
        => new("!" + index, true, false, false);

    /// <inheritdoc/>
    public SignatureShape GetFunctionPointerType(MethodSignature<SignatureShape> signature)
    {
        SignatureShape flat = Flatten(signature);
        return SignatureShape.Combine("method " + flat.Name, new[] { flat });
    }
}

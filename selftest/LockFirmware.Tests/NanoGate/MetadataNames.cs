using System.Reflection.Metadata;

namespace LockFirmware.Tests.NanoGate;

/// <summary>Readable names for metadata entities, as the gate reports them.</summary>
public static class MetadataNames
{
    /// <summary>Full name of a type definition; nested types are joined to their outer type with '+'.</summary>
    public static string TypeName(MetadataReader reader, TypeDefinitionHandle handle)
    {
        TypeDefinition def = reader.GetTypeDefinition(handle);
        string name = reader.GetString(def.Name);
        TypeDefinitionHandle outer = def.GetDeclaringType();
        if (!outer.IsNil)
        {
            return TypeName(reader, outer) + "+" + name;
        }
        string ns = reader.GetString(def.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }

    /// <summary>Full name of a type reference; nested types are joined to their outer type with '+'.</summary>
    public static string TypeName(MetadataReader reader, TypeReferenceHandle handle)
    {
        TypeReference reference = reader.GetTypeReference(handle);
        string name = reader.GetString(reference.Name);
        if (reference.ResolutionScope.Kind == HandleKind.TypeReference)
        {
            return TypeName(reader, (TypeReferenceHandle)reference.ResolutionScope) + "+" + name;
        }
        string ns = reader.GetString(reference.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }

    /// <summary>Full name of a TypeDef or TypeRef; other handle kinds give their kind.</summary>
    public static string TypeName(MetadataReader reader, EntityHandle handle)
    {
        return handle.Kind switch
        {
            HandleKind.TypeDefinition => TypeName(reader, (TypeDefinitionHandle)handle),
            HandleKind.TypeReference => TypeName(reader, (TypeReferenceHandle)handle),
            HandleKind.TypeSpecification => SignatureShapeProvider.DecodeTypeSpec(reader, (TypeSpecificationHandle)handle).Name,
            _ => handle.Kind.ToString(),
        };
    }
}

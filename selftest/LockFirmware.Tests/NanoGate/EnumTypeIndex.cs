using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace LockFirmware.Tests.NanoGate;

/// <summary>
/// Answers "is this type an enum?" for types defined in the checked assembly or in the reference assemblies
/// it was given (mscorlib, LockFirmware.Hal): a TypeRef is followed to its TypeDef by assembly, namespace and name.
/// </summary>
public sealed class EnumTypeIndex
{
    private readonly Dictionary<string, MetadataReader> _references = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Adds an assembly that TypeRefs may point into; the last one added under a name wins.</summary>
    public void Add(ImmutableArray<byte> image)
    {
        var pe = new PEReader(image);
        MetadataReader reader = pe.GetMetadataReader();
        _references[reader.GetString(reader.GetAssemblyDefinition().Name)] = reader;
    }

    /// <summary>True for an enum, false for any other type, null when a TypeRef cannot be resolved.</summary>
    public bool? IsEnum(MetadataReader reader, EntityHandle type)
    {
        switch (type.Kind)
        {
            case HandleKind.TypeDefinition:
                return IsEnumDefinition(reader, (TypeDefinitionHandle)type);
            case HandleKind.TypeReference:
                (MetadataReader Reader, TypeDefinitionHandle Handle)? target = Resolve(reader, (TypeReferenceHandle)type, 0);
                return target is null ? null : IsEnumDefinition(target.Value.Reader, target.Value.Handle);
            default:
                return false; // TypeSpecs are arrays, pointers or generic instantiations: never enums.
        }
    }

    private static bool IsEnumDefinition(MetadataReader reader, TypeDefinitionHandle handle)
    {
        EntityHandle baseType = reader.GetTypeDefinition(handle).BaseType;
        if (baseType.IsNil || baseType.Kind == HandleKind.TypeSpecification)
        {
            return false;
        }
        return MetadataNames.TypeName(reader, baseType) == "System.Enum";
    }

    private (MetadataReader, TypeDefinitionHandle)? Resolve(MetadataReader reader, TypeReferenceHandle handle, int depth)
    {
        if (depth > 16)
        {
            return null;
        }
        TypeReference reference = reader.GetTypeReference(handle);
        string name = reader.GetString(reference.Name);
        string ns = reader.GetString(reference.Namespace);
        EntityHandle scope = reference.ResolutionScope;
        switch (scope.Kind)
        {
            case HandleKind.ModuleDefinition:
                return Find(reader, ns, name, default);
            case HandleKind.AssemblyReference:
                string assembly = reader.GetString(reader.GetAssemblyReference((AssemblyReferenceHandle)scope).Name);
                return _references.TryGetValue(assembly, out MetadataReader? target) ? Find(target, ns, name, default) : null;
            case HandleKind.TypeReference:
                (MetadataReader Reader, TypeDefinitionHandle Handle)? outer = Resolve(reader, (TypeReferenceHandle)scope, depth + 1);
                return outer is null ? null : Find(outer.Value.Reader, "", name, outer.Value.Handle);
            default:
                return null;
        }
    }

    private static (MetadataReader, TypeDefinitionHandle)? Find(MetadataReader reader, string ns, string name, TypeDefinitionHandle declaringType)
    {
        foreach (TypeDefinitionHandle h in reader.TypeDefinitions)
        {
            TypeDefinition def = reader.GetTypeDefinition(h);
            if (def.GetDeclaringType() == declaringType
                && reader.StringComparer.Equals(def.Name, name)
                && (!declaringType.IsNil || reader.StringComparer.Equals(def.Namespace, ns)))
            {
                return (reader, h);
            }
        }
        return null;
    }
}

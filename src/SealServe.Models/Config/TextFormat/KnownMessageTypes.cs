using System.Reflection;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace SealServe.Models.Config.TextFormat;

/// <summary>
/// The message types an expanded <c>google.protobuf.Any</c> may name: every file of SealServe.Protos
/// (so <c>PlatformConfigMap</c> finds <c>SavedModelBundleSourceAdapterConfig</c>, which its own file does
/// not import) plus the well-known types. C++ resolves from its generated pool in the same way.
/// </summary>
internal static class KnownMessageTypes
{
    public static TypeRegistry Registry { get; } = Build();

    private static TypeRegistry Build()
    {
        // Grpc.Tools writes one static "<File>Reflection" class per .proto, each with a Descriptor property.
        var protoFiles = typeof(Tensorflow.Serving.ModelServerConfig).Assembly.GetTypes()
            .Where(type => type is { IsAbstract: true, IsSealed: true } && type.Name.EndsWith("Reflection", StringComparison.Ordinal))
            .Select(type => type.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)?.GetValue(null))
            .OfType<FileDescriptor>();
        FileDescriptor[] wellKnown =
        [
            AnyReflection.Descriptor, WrappersReflection.Descriptor, DurationReflection.Descriptor, TimestampReflection.Descriptor,
            StructReflection.Descriptor, EmptyReflection.Descriptor, FieldMaskReflection.Descriptor, TypeReflection.Descriptor,
            ApiReflection.Descriptor, SourceContextReflection.Descriptor,
        ];
        return TypeRegistry.FromFiles(protoFiles.Concat(wellKnown));
    }
}

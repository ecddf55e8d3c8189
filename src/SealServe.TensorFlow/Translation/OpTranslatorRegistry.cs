using System.Collections.Frozen;
using System.Reflection;

namespace SealServe.TensorFlow.Translation;

/// <summary>The op translators of this assembly, found once by their <see cref="TfOpAttribute"/>, by TF op name.</summary>
internal sealed class OpTranslatorRegistry
{
    private static readonly Lazy<OpTranslatorRegistry> Shared = new(() => FromTypes(typeof(OpTranslatorRegistry).Assembly.GetTypes()));

    private readonly FrozenDictionary<string, Registration> registrations;

    private OpTranslatorRegistry(FrozenDictionary<string, Registration> registrations)
    {
        this.registrations = registrations;
    }

    /// <summary>Every translator in this assembly.</summary>
    public static OpTranslatorRegistry Default => Shared.Value;

    /// <summary>The registered TF op names, sorted.</summary>
    public IReadOnlyList<string> OpNames => [.. registrations.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Builds a registry from the <see cref="TfOpAttribute"/>-marked translator types among <paramref name="types"/>; a TF op claimed twice fails.</summary>
    public static OpTranslatorRegistry FromTypes(IEnumerable<Type> types)
    {
        var found = new Dictionary<string, Registration>(StringComparer.Ordinal);
        foreach (var type in types)
        {
            var attributes = type.GetCustomAttributes<TfOpAttribute>().ToArray();
            if (attributes.Length == 0)
            {
                continue;
            }

            if (!typeof(IOpTranslator).IsAssignableFrom(type) || type.IsAbstract)
            {
                throw new InvalidOperationException($"{type.Name} has [TfOp] but is not a concrete {nameof(IOpTranslator)}.");
            }

            var translator = (IOpTranslator)Activator.CreateInstance(type, nonPublic: true)!;
            foreach (var attribute in attributes)
            {
                foreach (var op in attribute.Ops)
                {
                    if (!found.TryAdd(op, new Registration(translator, attribute)))
                    {
                        throw new InvalidOperationException($"TensorFlow op '{op}' is registered by both {found[op].Translator.GetType().Name} and {type.Name}.");
                    }
                }
            }
        }

        return new OpTranslatorRegistry(found.ToFrozenDictionary(StringComparer.Ordinal));
    }

    public bool IsSupported(string op) => registrations.ContainsKey(op);

    public bool TryGet(string op, out IOpTranslator translator)
    {
        if (registrations.TryGetValue(op, out var registration))
        {
            translator = registration.Translator;
            return true;
        }

        translator = null!;
        return false;
    }

    /// <summary>The attribute that registered <paramref name="op"/> (its ONNX mapping and notes).</summary>
    public TfOpAttribute Describe(string op) => registrations[op].Attribute;

    /// <summary>The translator class that handles <paramref name="op"/>.</summary>
    public Type TranslatorType(string op) => registrations[op].Translator.GetType();

    private sealed record Registration(IOpTranslator Translator, TfOpAttribute Attribute);
}

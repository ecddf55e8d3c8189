using System.Collections.Frozen;
using System.Reflection;

namespace SealServe.TensorFlow.Kernels;

/// <summary>The host kernels of this assembly, found once by their <see cref="TfKernelAttribute"/>, by TF op name.</summary>
internal sealed class KernelRegistry
{
    private static readonly Lazy<KernelRegistry> Shared = new(() => FromTypes(typeof(KernelRegistry).Assembly.GetTypes()));

    private readonly FrozenDictionary<string, Registration> registrations;

    private KernelRegistry(FrozenDictionary<string, Registration> registrations)
    {
        this.registrations = registrations;
    }

    /// <summary>Every kernel in this assembly.</summary>
    public static KernelRegistry Default => Shared.Value;

    /// <summary>The TF ops with a kernel, sorted.</summary>
    public IReadOnlyList<string> OpNames => [.. registrations.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Builds a registry from the <see cref="TfKernelAttribute"/>-marked types among <paramref name="types"/>; a TF op claimed twice fails.</summary>
    public static KernelRegistry FromTypes(IEnumerable<Type> types)
    {
        var found = new Dictionary<string, Registration>(StringComparer.Ordinal);
        foreach (var type in types)
        {
            if (type.GetCustomAttribute<TfKernelAttribute>() is not { } attribute)
            {
                continue;
            }

            var constructor = type.GetConstructor(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance, [typeof(KernelConstruction)]);
            if (!typeof(IHostKernel).IsAssignableFrom(type) || type.IsAbstract || constructor is null)
            {
                throw new InvalidOperationException($"{type.Name} has [TfKernel] but is not a concrete {nameof(IHostKernel)} with a ({nameof(KernelConstruction)}) constructor.");
            }

            foreach (var op in attribute.Ops)
            {
                if (!found.TryAdd(op, new Registration(constructor, attribute)))
                {
                    throw new InvalidOperationException($"TensorFlow op '{op}' has two kernels: {found[op].Constructor.DeclaringType!.Name} and {type.Name}.");
                }
            }
        }

        return new KernelRegistry(found.ToFrozenDictionary(StringComparer.Ordinal));
    }

    public bool IsSupported(string op) => registrations.ContainsKey(op);

    /// <summary>Binds the kernel of <paramref name="construction"/>'s node; its construction errors name the node.</summary>
    public IHostKernel Create(KernelConstruction construction)
    {
        try
        {
            return (IHostKernel)registrations[construction.Node.Op].Constructor.Invoke([construction]);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }

    /// <summary>The attribute that registered <paramref name="op"/> (its notes).</summary>
    public TfKernelAttribute Describe(string op) => registrations[op].Attribute;

    /// <summary>The kernel class that runs <paramref name="op"/>.</summary>
    public Type KernelType(string op) => registrations[op].Constructor.DeclaringType!;

    private sealed record Registration(ConstructorInfo Constructor, TfKernelAttribute Attribute);
}

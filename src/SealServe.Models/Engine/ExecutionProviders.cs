using SealServe.Core.Errors;

namespace SealServe.Models.Engine;

/// <summary>The registered execution providers, by name.</summary>
public sealed class ExecutionProviders(IEnumerable<IExecutionProvider> providers)
{
    private readonly IExecutionProvider[] providers = [.. providers];

    /// <summary>Only the built-in CPU provider (tools and tests that construct loaders without DI).</summary>
    public static ExecutionProviders CpuOnly { get; } = new([CpuExecutionProvider.Instance]);

    /// <summary>The provider called <paramref name="name"/> (case-insensitive); INVALID_ARGUMENT naming the known ones otherwise.</summary>
    public IExecutionProvider Get(string name)
    {
        foreach (var provider in providers)
        {
            if (string.Equals(provider.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return provider;
            }
        }

        var known = string.Join(", ", providers.Select(p => p.Name));
        throw ServingException.InvalidArgument($"Unknown execution provider '{name}'; available: {known}.");
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using SealServe.Sealing.Diagnostics;
using SealServe.Sealing.Hardening;
using SealServe.Sealing.Keys;

namespace SealServe.Sealing;

/// <summary>Registers sealed-model support: key providers, the key ring, process hardening and the unsealing <see cref="IModelFiles"/>.</summary>
public static class SealingServiceCollectionExtensions
{
    /// <summary>
    /// Makes model loaders read files through sealing (replacing any <see cref="IModelFiles"/> registered
    /// before). The keys in <paramref name="options"/> load when the model side starts, so a bad key flag
    /// stops the server before it opens its ports.
    /// </summary>
    public static IServiceCollection AddSealServeSealing(this IServiceCollection services, SealingOptions options)
    {
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ProcessHardening>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IKeyProvider, FileKeyProvider>(sp => new FileKeyProvider(sp.GetRequiredService<ILogger<FileKeyProvider>>())));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IKeyProvider, EnvironmentKeyProvider>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IKeyProvider, CommandKeyProvider>(_ => new CommandKeyProvider()));
        services.TryAddSingleton(LoadKeys);
        services.AddMetrics();
        services.TryAddSingleton<SealingMetrics>();
        services.Replace(ServiceDescriptor.Singleton<IModelFiles, SealedModelFiles>());
        return services;
    }

    private static KeyRing LoadKeys(IServiceProvider services)
    {
        var options = services.GetRequiredService<SealingOptions>();
        if (options.HoldsSecrets)
        {
            // Keys are as secret as the models: harden before one is read.
            services.GetRequiredService<ProcessHardening>().EnsureApplied();
        }

        var ring = KeyRing.Load(options.Keys, services.GetServices<IKeyProvider>());

        if (!ring.IsEmpty)
        {
            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SealingServiceCollectionExtensions).Namespace!);
            SealingLog.KeysLoaded(logger, ring.Ids.Count, string.Join(", ", ring.Ids));
        }

        return ring;
    }
}

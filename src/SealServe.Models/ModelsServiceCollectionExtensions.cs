using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SealServe.Models.Batching;
using SealServe.Models.Diagnostics;
using SealServe.Models.Engine;
using SealServe.Models.Loading;
using SealServe.Models.Management;
using SealServe.Models.Sources;
using SealServe.Models.Sources.S3;
using SealServe.Sealing;

namespace SealServe.Models;

/// <summary>Registers the model side of the server: sources, loaders, the servable manager and the repository watcher.</summary>
public static class ModelsServiceCollectionExtensions
{
    /// <summary>Adds model serving with <paramref name="options"/>. Parts registered before (e.g. an <see cref="IModelFiles"/> that unseals) are kept.</summary>
    public static IServiceCollection AddSealServeModels(this IServiceCollection services, ModelServingOptions options)
    {
        services.AddSingleton(Options.Create(options));
        services.AddSingleton(options.Engine);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IModelFiles, PlainModelFiles>();
        services.TryAddSingleton<FileSystemModelSource>();
        services.TryAddSingleton<S3ModelSource>();
        services.TryAddSingleton<IModelSource, ModelSources>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IExecutionProvider, CpuExecutionProvider>());
        services.TryAddSingleton<ExecutionProviders>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IModelLoader, OnnxModelLoader>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IModelLoader, SavedModelLoader>());
        services.AddSealServeBatching(options.Batching);
        services.TryAddSingleton<ModelLoaders>();
        services.AddMetrics();
        services.TryAddSingleton<ModelsMetrics>();
        services.TryAddSingleton(sp =>
        {
            var manager = ActivatorUtilities.CreateInstance<ServableManager>(sp);
            sp.GetRequiredService<ModelsMetrics>().ObserveVersions(manager.CountVersions);
            return manager;
        });
        services.TryAddSingleton<ModelRepositoryWatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<ModelRepositoryWatcher>());
        services.AddHostedService<ModelConfigFileWatcher>();
        return services;
    }
}

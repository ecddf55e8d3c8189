using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using SealServe.Models.Diagnostics;
using SealServe.Models.Loading;

namespace SealServe.Models.Batching;

/// <summary>Registers the batching layer when batching is on.</summary>
internal static class BatchingServiceCollectionExtensions
{
    /// <summary>
    /// With <paramref name="options"/> set: one shared <see cref="BatchScheduler"/>, and <see cref="ModelLoaders"/>
    /// whose loaders wrap every servable in a <see cref="BatchingServable"/>. Invalid options fail here, at start.
    /// </summary>
    public static IServiceCollection AddSealServeBatching(this IServiceCollection services, BatchingOptions? options)
    {
        if (options is null)
        {
            return services;
        }

        options.Validate();
        services.TryAddSingleton(sp => new BatchScheduler(options, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<BatchScheduler>>(), sp.GetService<ModelsMetrics>()));
        services.TryAddSingleton(sp =>
        {
            var scheduler = sp.GetRequiredService<BatchScheduler>();
            var loaders = new List<IModelLoader>();
            foreach (var loader in sp.GetServices<IModelLoader>())
            {
                loaders.Add(new BatchingModelLoader(loader, scheduler));
            }

            return new ModelLoaders(loaders);
        });
        return services;
    }
}

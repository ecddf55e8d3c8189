using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SealServe.Server.Hosting;

namespace SealServe.Server.Auth;

/// <summary>Registers access control: the built-in access rules always (routes added later register theirs beside them), the rest with <c>--auth_config_file</c>.</summary>
internal static class AccessServiceCollectionExtensions
{
    public static IServiceCollection AddSealServeAccess(this IServiceCollection services, ServerOptions options)
    {
        services.AddSingleton<StatusRedactor>();

        // Order matters: the first rule that knows a call decides.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRestAccessRule, OperationsAccessRule>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRestAccessRule, TfServingRestAccessRule>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRestAccessRule, V2RestAccessRule>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGrpcAccessRule, GrpcMethodAccessRule>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGrpcAccessRule, V2GrpcAccessRule>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGrpcAccessRule, ModelSpecAccessRule>());
        if (options.AuthConfigFile is not null)
        {
            services.AddSingleton<Authenticator>();
            services.AddSingleton<IReloadable>(sp => sp.GetRequiredService<Authenticator>());
            services.AddSingleton<AccessControl>();
            services.AddSingleton<RestAccessMiddleware>();
            services.AddSingleton<GrpcAccessInterceptor>();
        }

        return services;
    }
}

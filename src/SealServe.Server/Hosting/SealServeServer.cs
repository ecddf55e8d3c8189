using System.Net;
using System.Net.Security;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.HttpLogging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Grpc.AspNetCore.Server.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SealServe.Core.Errors;
using SealServe.Models;
using SealServe.Server.Auth;
using SealServe.Server.Diagnostics;
using SealServe.Server.Grpc;
using SealServe.Server.Monitoring;
using SealServe.Server.Rest;
using SealServe.Server.Tls;
using SealServe.Server.Warmup;
using SealServe.Models.Loading;

namespace SealServe.Server.Hosting;

/// <summary>
/// The model server: Kestrel with the gRPC port (HTTP/2) and the REST port (HTTP/1.1), the servable
/// manager and the repository watcher. Like TF Serving, ports open only after every model's first
/// version has loaded.
/// </summary>
public sealed class SealServeServer : IAsyncDisposable
{
    private const int Http2ConnectionWindowBytes = 16 << 20;
    private const int Http2StreamWindowBytes = 4 << 20;
    private const int Http2MaxFrameBytes = LargeBlockMemoryPool.BlockSize;

    private readonly WebApplication app;
    private readonly ServerOptions options;
    private readonly StrongBox<bool> started;

    private SealServeServer(WebApplication app, ServerOptions options, StrongBox<bool> started)
    {
        this.app = app;
        this.options = options;
        this.started = started;
    }

    /// <summary>The bound gRPC port once started (useful when 0 asked for a free one).</summary>
    public int? GrpcPort { get; private set; }

    /// <summary>The bound REST port once started.</summary>
    public int? RestApiPort { get; private set; }

    public IServiceProvider Services => app.Services;

    /// <summary>Builds the server. <paramref name="configureServices"/> may register parts first (e.g. an unsealing <c>IModelFiles</c>).</summary>
    public static SealServeServer Create(
        ServerOptions options,
        ModelServingOptions modelOptions,
        Action<ILoggingBuilder>? configureLogging = null,
        Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        var started = new StrongBox<bool>();
        ServerLogging.Configure(builder.Logging, options, () => started.Value, configureLogging);
        builder.WebHost.ConfigureKestrel(kestrel => ConfigureKestrel(kestrel, options, kestrel.ApplicationServices.GetRequiredService<TlsEndpoints>()));
        builder.Services.AddSingleton<IMemoryPoolFactory<byte>, LargeBlockMemoryPool.Factory>();
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<TlsEndpoints>();
        builder.Services.AddSealServeAccess(options);
        builder.Services.AddSingleton<IReloadable>(sp => sp.GetRequiredService<TlsEndpoints>());
        builder.Services.AddHostedService<ConfigReloader>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        configureServices?.Invoke(builder.Services);
        builder.Services.AddSingleton<IServableWarmup, PredictionLogWarmup>();
        builder.Services.AddSealServeModels(modelOptions);
        builder.Services.AddSingleton<ServingMetrics>();
        if (options.Monitoring.PrometheusEnabled)
        {
            builder.Services.AddSingleton<MetricsCollector>();
        }

        if (Tracing.IsConfigured(Environment.GetEnvironmentVariable))
        {
            Tracing.Add(builder.Services);
        }

        builder.Services.AddSingleton<ServingHealth>();
        builder.Services.AddSingleton<OperationsEndpoints>();
        builder.Services.AddSingleton<RestCapacity>();
        builder.Services.AddSingleton<V2RestApi>();
        builder.Services.AddSingleton<RestApi>();
        builder.Services.AddSingleton<ErrorLogLimiter>();
        builder.Services.AddSingleton<ServingErrorInterceptor>();

        // Stateless services as singletons: otherwise gRPC activates one per call (LoadTest sealserve-grpc, tiny models).
        builder.Services.AddSingleton<PredictionServiceImpl>();
        builder.Services.AddSingleton<ModelServiceImpl>();
        builder.Services.AddSingleton<HealthServiceImpl>();
        builder.Services.AddSingleton<InferenceServiceImpl>();
        builder.Services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = options.GrpcChannelArguments.MaxReceiveMessageLength ?? options.GrpcMaxMessageBytes;
            grpc.MaxSendMessageSize = options.GrpcChannelArguments.MaxSendMessageLength ?? options.GrpcMaxMessageBytes;
            if (options.AuthConfigFile is not null)
            {
                // First: a refused call takes no concurrency slot.
                grpc.Interceptors.Add<GrpcAccessInterceptor>();
            }

            grpc.Interceptors.Add<ServingErrorInterceptor>();
        });
        builder.Services.RemoveAll(typeof(IServiceMethodProvider<>));
        builder.Services.AddSingleton(typeof(IServiceMethodProvider<>), typeof(ParsedRequestMethodProvider<>));
        if (options.LogRequests)
        {
            builder.Services.AddHttpLogging(logging =>
            {
                logging.LoggingFields = HttpLoggingFields.RequestMethod | HttpLoggingFields.RequestPath | HttpLoggingFields.RequestProtocol
                    | HttpLoggingFields.ResponseStatusCode | HttpLoggingFields.Duration;
                logging.CombineLogs = true;
            });
        }

        var app = builder.Build();

        // Certificates and access rules are checked now, before any model loads: a bad file stops start-up at once.
        app.Services.GetRequiredService<TlsEndpoints>();
        var access = app.Services.GetService<RestAccessMiddleware>();
        if (options.LogRequests)
        {
            app.UseHttpLogging();
        }

        if (access is not null)
        {
            app.Use((context, next) => RestListener.Accepted(context) ? access.InvokeAsync(context, () => next(context)) : next(context));
        }

        // REST and the operators' endpoints answer on the REST listener only: with --rest_api_port=0 there is no REST anywhere.
        var rest = app.Services.GetRequiredService<RestApi>();
        var operations = app.Services.GetRequiredService<OperationsEndpoints>();
        app.Use((context, next) =>
            !RestListener.Accepted(context) ? next(context)
            : operations.IsOperational(context.Request.Path) ? operations.HandleAsync(context)
            : RestApi.Handles(context.Request.Path) ? rest.HandleAsync(context)
            : next(context));
        app.UseRouting();
        app.MapGrpcService<PredictionServiceImpl>();
        app.MapGrpcService<ModelServiceImpl>();
        app.MapGrpcService<InferenceServiceImpl>();
        if (options.EnableGrpcHealthCheck)
        {
            app.MapGrpcService<HealthServiceImpl>();
        }

        app.UseEndpoints(_ => { });

        // Anything else is answered as TF Serving's HTTP server does.
        app.Run(RestApi.NotFoundAsync);
        return new SealServeServer(app, options, started);
    }

    /// <summary>
    /// Loads the models, then opens the ports. Throws when a model's first versions all fail to load, and, as a
    /// <see cref="ServingException"/> with one clear line, when a port cannot be bound.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw new ServingException(StatusCode.Unavailable, e.Message);
        }

        started.Value = true;
        app.Services.GetRequiredService<ServingHealth>().MarkStarted();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.ToArray();
        var logger = app.Services.GetRequiredService<ILogger<SealServeServer>>();
        var tls = app.Services.GetRequiredService<TlsEndpoints>();
        var index = 0;
        if (options.GrpcPort is not null)
        {
            GrpcPort = new Uri(addresses[index++]).Port;
            LogTls(logger, "gRPC", options.SslConfigFile, tls.Grpc);
            ServerLog.GrpcListening(logger, $"{options.BindAddress}:{GrpcPort}");
        }

        if (options.GrpcSocketPath is { } socket)
        {
            index++;
            ServerLog.GrpcListening(logger, $"unix:{socket}");
        }

        if (RestEnabled(options))
        {
            RestApiPort = new Uri(addresses[index]).Port;
            LogTls(logger, "REST", options.RestApiSslConfigFile, tls.Rest);
            ServerLog.RestListening(logger, $"localhost:{RestApiPort}");
        }
        else if (options.RestApiPort is { } clash && clash == options.GrpcPort)
        {
            ServerLog.RestPortClash(logger, clash);
        }
    }

    /// <summary>Waits for SIGTERM / Ctrl+C, then stops gracefully: no new connections, requests in flight finish.</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => app.WaitForShutdownAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken = default) => app.StopAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync().ConfigureAwait(false);
    }

    private static void LogTls(ILogger logger, string api, string? file, ReloadingConfig<SslServerAuthenticationOptions>? tls)
    {
        if (tls is not null)
        {
            ServerLog.TlsEnabled(logger, api, TlsSettings.DescribeClientCertificates(tls.Current), file!);
        }
    }

    private static bool RestEnabled(ServerOptions options) => options.RestApiPort is { } rest && (rest == 0 || rest != options.GrpcPort);

    private static void ConfigureKestrel(KestrelServerOptions kestrel, ServerOptions options, TlsEndpoints tls)
    {
        // The REST limit; gRPC calls lift it per request and use their own message limit.
        kestrel.Limits.MaxRequestBodySize = options.RestApiMaxRequestBytes;

        // A REST body must keep arriving: slower than this (after a grace period) and Kestrel ends the request with 408.
        kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(5));
        kestrel.Limits.Http2.MaxStreamsPerConnection = options.GrpcChannelArguments.MaxConcurrentStreams ?? 1000;

        // Sized for tensors: with Kestrel's defaults (1 MiB per connection, 768 KiB per stream, 16 KiB frames) two
        // 600 KB images multiplexed on one connection already wait for window updates, and each arrives in some 40
        // frames. gRPC buffers a whole message anyway (up to the message limit), so larger windows buffer nothing new.
        kestrel.Limits.Http2.InitialConnectionWindowSize = Http2ConnectionWindowBytes;
        kestrel.Limits.Http2.InitialStreamWindowSize = Http2StreamWindowBytes;
        kestrel.Limits.Http2.MaxFrameSize = Http2MaxFrameBytes;
        kestrel.Limits.Http2.KeepAlivePingDelay = options.GrpcChannelArguments.KeepaliveTime ?? kestrel.Limits.Http2.KeepAlivePingDelay;
        kestrel.Limits.Http2.KeepAlivePingTimeout = options.GrpcChannelArguments.KeepaliveTimeout ?? kestrel.Limits.Http2.KeepAlivePingTimeout;
        kestrel.Limits.KeepAliveTimeout = options.GrpcChannelArguments.MaxConnectionIdle ?? kestrel.Limits.KeepAliveTimeout;
        kestrel.AddServerHeader = false;
        if (options.GrpcPort is { } grpc)
        {
            kestrel.Listen(options.BindAddress, grpc, l => Listen(l, HttpProtocols.Http2, tls.Grpc));
        }

        if (options.GrpcSocketPath is { } socket)
        {
            // As TF Serving, TLS applies to every gRPC listener, the socket too.
            kestrel.ListenUnixSocket(socket, l => Listen(l, HttpProtocols.Http2, tls.Grpc));
        }

        if (RestEnabled(options))
        {
            kestrel.Listen(options.BindAddress, options.RestApiPort!.Value, l =>
            {
                Listen(l, HttpProtocols.Http1, tls.Rest);
                l.Use(RestListener.Mark);
            });
        }
    }

    /// <summary>With TLS, every handshake takes the settings in effect (rotation); the port then answers nothing in clear.</summary>
    private static void Listen(ListenOptions listen, HttpProtocols protocols, ReloadingConfig<SslServerAuthenticationOptions>? tls)
    {
        listen.Protocols = protocols;
        if (tls is not null)
        {
            listen.UseHttps(new TlsHandshakeCallbackOptions { OnConnection = _ => ValueTask.FromResult(tls.Current) });
        }
    }
}

using System.Reflection;
using Google.Protobuf;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using SealServe.Server.Codecs.Proto;
using Tensorflow.Serving;

namespace SealServe.Server.Grpc;

/// <summary>
/// Binds a generated gRPC service as grpc-dotnet's own provider does, with one change: a request message that does
/// not parse answers INVALID_ARGUMENT naming the method, instead of an UNKNOWN "exception was thrown by handler"
/// with an error log and stack trace for every garbage message a client sends; and where the service declares an
/// overload of a unary method that takes another message (a wire-compatible view of the request, with the same field
/// numbers), that overload is bound and the request parses as the view.
/// </summary>
internal sealed class ParsedRequestMethodProvider<TService> : IServiceMethodProvider<TService>
    where TService : class
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<TService> context)
    {
        var attribute = typeof(TService).GetCustomAttribute<BindServiceMethodAttribute>(inherit: true);
        if (attribute is null)
        {
            return;
        }

        var bind = attribute.BindType.GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Single(m => m.Name == attribute.BindMethodName && m.GetParameters() is [{ ParameterType: var binder }, _] && binder == typeof(ServiceBinderBase));
        bind.Invoke(null, [new Binder(context), null]);
    }

    private sealed class Binder(ServiceMethodProviderContext<TService> context) : ServiceBinderBase
    {
        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler)
        {
            if (ViewTarget(method, typeof(TRequest)) is { } view)
            {
                typeof(Binder).GetMethod(nameof(AddView), BindingFlags.NonPublic | BindingFlags.Instance)!
                    .MakeGenericMethod(typeof(TRequest), view.GetParameters()[0].ParameterType, typeof(TResponse)).Invoke(this, [method, view]);
                return;
            }

            var target = Target(method, typeof(TRequest), typeof(ServerCallContext));
            context.AddUnaryMethod(Parsed(method), Metadata(target), target.CreateDelegate<UnaryServerMethod<TService, TRequest, TResponse>>());
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var target = Target(method, typeof(TRequest), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext));
            context.AddServerStreamingMethod(Parsed(method), Metadata(target), target.CreateDelegate<ServerStreamingServerMethod<TService, TRequest, TResponse>>());
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var target = Target(method, typeof(IAsyncStreamReader<TRequest>), typeof(ServerCallContext));
            context.AddClientStreamingMethod(Parsed(method), Metadata(target), target.CreateDelegate<ClientStreamingServerMethod<TService, TRequest, TResponse>>());
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var target = Target(method, typeof(IAsyncStreamReader<TRequest>), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext));
            context.AddDuplexStreamingMethod(Parsed(method), Metadata(target), target.CreateDelegate<DuplexStreamingServerMethod<TService, TRequest, TResponse>>());
        }

        private void AddView<TRequest, TView, TResponse>(Method<TRequest, TResponse> method, MethodInfo target)
            where TRequest : class
            where TView : class, IMessage<TView>, new()
            where TResponse : class
        {
            var parser = new MessageParser<TView>(() => new TView());
            var marshaller = Marshallers.Create<TView>((view, context) => context.Complete(view.ToByteArray()), context => parser.ParseFrom(context.PayloadAsReadOnlySequence()));
            var bound = new Method<TView, TResponse>(method.Type, method.ServiceName, method.Name, Parsing(marshaller, method.FullName), method.ResponseMarshaller);
            context.AddUnaryMethod(bound, Metadata(target), target.CreateDelegate<UnaryServerMethod<TService, TView, TResponse>>());
        }

        /// <summary>The service's overload of <paramref name="method"/> that takes a message other than <paramref name="request"/>, if any.</summary>
        private static MethodInfo? ViewTarget(IMethod method, Type request) =>
            typeof(TService).GetMethods().SingleOrDefault(m => m.Name == method.Name
                && m.GetParameters() is [{ ParameterType: var view }, { ParameterType: var call }]
                && call == typeof(ServerCallContext) && view != request && typeof(IMessage).IsAssignableFrom(view));

        private static MethodInfo Target(IMethod method, params Type[] parameters) =>
            typeof(TService).GetMethod(method.Name, parameters) ?? throw new InvalidOperationException($"{typeof(TService).Name} has no method {method.Name}.");

        private static object[] Metadata(MethodInfo target) => [.. typeof(TService).GetCustomAttributes(inherit: true), .. target.GetCustomAttributes(inherit: true)];

        private static Method<TRequest, TResponse> Parsed<TRequest, TResponse>(Method<TRequest, TResponse> method) =>
            new(method.Type, method.ServiceName, method.Name, Parsing(method.RequestMarshaller, method.FullName), method.ResponseMarshaller);

        private static Marshaller<TRequest> Parsing<TRequest>(Marshaller<TRequest> marshaller, string method)
        {
            // A PredictRequest's tensor_content goes straight into pooled memory (PredictRequestParser).
            var deserialize = typeof(TRequest) == typeof(PredictRequest)
                ? (Func<DeserializationContext, TRequest>)(object)(Func<DeserializationContext, PredictRequest>)(c => PredictRequestParser.Parse(c.PayloadAsReadOnlySequence()))
                : marshaller.ContextualDeserializer;
            return new(marshaller.ContextualSerializer, context =>
            {
                try
                {
                    return deserialize(context);
                }
                // Google.Protobuf throws InvalidOperationException for some truncated wrapper fields (fuzz/regressions/grpc-predict).
                catch (Exception e) when (e is InvalidProtocolBufferException or InvalidOperationException)
                {
                    throw new RpcException(new Status(StatusCode.InvalidArgument, $"Failed to parse the request message of {method}: {e.Message}"));
                }
            });
        }
    }
}

using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.ML.OnnxRuntime;
using SealServe.Core.Errors;
using SealServe.Core.Signatures;
using SealServe.Core.Tensors;

using SealServe.Models.Diagnostics;

namespace SealServe.Models.Engine;

/// <summary>
/// An ONNX model in an ONNX Runtime session. Everything a request needs (signature, names) is
/// built once at load; a run feeds OrtValues over the request's own memory, without copies.
/// </summary>
public sealed class OnnxServable : IServable
{
    private readonly InferenceSession session;
    private readonly RunOptions sharedRunOptions = new();

    // A cancellable run (every request's) needs RunOptions of its own; they are reused rather than created and
    // released natively per run (at most one per concurrent run is ever held here).
    private readonly ConcurrentBag<RunOptions> cancellableRunOptions = [];
    private readonly Dictionary<string, DataType> inputTypes;
    private readonly SemaphoreSlim? runSlots;

    static OnnxServable()
    {
        // Telemetry off before the first session, sealed models or not: a model server writes nothing to disk.
        OnnxRuntimeEnvironment.EnsureCreated();
    }

    private OnnxServable(InferenceSession session, IReadOnlyDictionary<string, Signature> signatures, int maxConcurrentRuns)
    {
        this.session = session;
        runSlots = maxConcurrentRuns > 0 ? new SemaphoreSlim(maxConcurrentRuns, maxConcurrentRuns) : null;
        inputTypes = session.InputMetadata.Where(i => i.Value.IsTensor).ToDictionary(i => i.Key, i => OnnxTypes.ToDataType(i.Value.ElementDataType), StringComparer.Ordinal);
        Signatures = signatures;
    }

    public IReadOnlyDictionary<string, Signature> Signatures { get; }

    /// <summary>
    /// Creates a session from model bytes held in memory. The bytes are not kept: the caller may clear
    /// them as soon as this returns. <paramref name="signatures"/> defaults to one <c>serving_default</c>
    /// signature over the model's own inputs and outputs; <paramref name="provider"/> to the CPU.
    /// </summary>
    public static OnnxServable Create(
        byte[] model,
        EngineOptions options,
        Func<InferenceSession, IReadOnlyDictionary<string, Signature>>? signatures = null,
        IExecutionProvider? provider = null)
    {
        using var sessionOptions = CreateSessionOptions(options, provider ?? CpuExecutionProvider.Instance, model.LongLength);

        InferenceSession session;
        try
        {
            session = new InferenceSession(model, sessionOptions);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ServingException(StatusCode.InvalidArgument, $"ONNX Runtime could not load the model: {EngineMessage(e)}", e);
        }

        try
        {
            var map = signatures?.Invoke(session) ?? OnnxSignature.FromSession(session, model);
            return new OnnxServable(session, map, options.MaxConcurrentRuns);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>ONNX Runtime's session options for <paramref name="options"/> and a model of <paramref name="modelBytes"/> (one place for every engine knob).</summary>
    internal static SessionOptions CreateSessionOptions(EngineOptions options, IExecutionProvider provider, long modelBytes)
    {
        var sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = options.IntraOpThreads,
            InterOpNumThreads = options.InterOpThreads,
            ExecutionMode = options.InterOpThreads > 0 ? ExecutionMode.ORT_PARALLEL : ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = options.GraphOptimization switch
            {
                GraphOptimization.Disabled => GraphOptimizationLevel.ORT_DISABLE_ALL,
                GraphOptimization.Basic => GraphOptimizationLevel.ORT_ENABLE_BASIC,
                GraphOptimization.Extended => GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
                _ => GraphOptimizationLevel.ORT_ENABLE_ALL,
            },
            EnableCpuMemArena = options.UsesCpuMemArena(modelBytes),
            EnableMemoryPattern = options.EnableMemoryPattern,
        };
        try
        {
            var spinning = options.AllowSpinning ? "1" : "0";
            sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", spinning);
            sessionOptions.AddSessionConfigEntry("session.inter_op.allow_spinning", spinning);
            provider.Append(sessionOptions, options);
            return sessionOptions;
        }
        catch
        {
            sessionOptions.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Runs on the calling thread; with <see cref="EngineOptions.MaxConcurrentRuns"/> set and no run slot free, waits
    /// for one without holding a thread.
    /// </summary>
    public ValueTask<Tensor[]> RunAsync(Signature signature, string[] inputNames, Tensor[] inputs, string[] outputNames, CancellationToken cancellationToken) =>
        runSlots is null || runSlots.Wait(0)
            ? ValueTask.FromResult(RunInSlot(inputNames, inputs, outputNames, cancellationToken))
            : WaitThenRunAsync(runSlots, inputNames, inputs, outputNames, cancellationToken);

    private async ValueTask<Tensor[]> WaitThenRunAsync(SemaphoreSlim slots, string[] inputNames, Tensor[] inputs, string[] outputNames, CancellationToken cancellationToken)
    {
        await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        return RunInSlot(inputNames, inputs, outputNames, cancellationToken);
    }

    private Tensor[] RunInSlot(string[] inputNames, Tensor[] inputs, string[] outputNames, CancellationToken cancellationToken)
    {
        try
        {
            using var span = ModelsTracing.Source.StartActivity("engine.run");
            return Run(inputNames, inputs, outputNames, cancellationToken);
        }
        finally
        {
            runSlots?.Release();
        }
    }

    /// <summary>The element types and shapes ONNX Runtime inferred for the model's outputs.</summary>
    internal IReadOnlyDictionary<string, NodeMetadata> OutputMetadata => session.OutputMetadata;

    /// <summary>One run by engine names; the caller owns the outputs (the inputs stay its own).</summary>
    internal Tensor[] Run(string[] inputNames, Tensor[] inputs, string[] outputNames, CancellationToken cancellationToken)
    {
        CheckInputTypes(inputNames, inputs);
        var values = new OrtValue[inputs.Length];
        var pins = new MemoryHandle[inputs.Length];
        RunOptions? ownRunOptions = null;
        try
        {
            for (var i = 0; i < inputs.Length; i++)
            {
                values[i] = ToOrtValue(inputs[i], ref pins[i]);
            }

            var runOptions = sharedRunOptions;
            CancellationTokenRegistration registration = default;
            if (cancellationToken.CanBeCanceled)
            {
                // A run cannot be interrupted from outside except through its own RunOptions.
                ownRunOptions = cancellableRunOptions.TryTake(out var reused) ? reused : new RunOptions();
                runOptions = ownRunOptions;
                registration = cancellationToken.Register(static state => ((RunOptions)state!).Terminate = true, ownRunOptions);
            }

            IDisposableReadOnlyCollection<OrtValue> outputs;
            using (registration)
            {
                try
                {
                    outputs = session.Run(runOptions, inputNames, values, outputNames);
                }
                catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
                {
                    throw new OperationCanceledException(cancellationToken);
                }
                catch (OnnxRuntimeException e)
                {
                    throw new ServingException(StatusCode.InvalidArgument, EngineMessage(e), e);
                }
            }

            return ToTensors(outputs);
        }
        finally
        {
            for (var i = 0; i < values.Length; i++)
            {
                values[i]?.Dispose();
                pins[i].Dispose();
            }

            if (ownRunOptions is not null)
            {
                // The registration is gone, so Terminate cannot change any more: options that stopped a run are not reused.
                if (ownRunOptions.Terminate)
                {
                    ownRunOptions.Dispose();
                }
                else
                {
                    cancellableRunOptions.Add(ownRunOptions);
                }
            }
        }
    }

    /// <summary>TensorFlow's check of fed tensors against the graph (the SignatureDef's declared dtype may be wrong), with its text.</summary>
    private void CheckInputTypes(string[] inputNames, Tensor[] inputs)
    {
        for (var i = 0; i < inputs.Length; i++)
        {
            if (inputTypes.TryGetValue(inputNames[i], out var expected) && inputs[i].DataType != expected)
            {
                throw ServingException.InvalidArgument($"Expects arg[{i}] to be {DataTypes.ShortName(expected)} but {DataTypes.ShortName(inputs[i].DataType)} is provided");
            }
        }
    }

    private static OrtValue ToOrtValue(Tensor tensor, ref MemoryHandle pin)
    {
        var shape = tensor.Shape.ToArray();
        var elementType = OnnxTypes.ToElementType(tensor.DataType);
        if (tensor.IsString)
        {
            var value = OrtValue.CreateTensorWithEmptyStrings(OrtAllocator.DefaultInstance, shape);
            var strings = tensor.Strings;
            for (var i = 0; i < strings.Count; i++)
            {
                value.StringTensorSetElementAt(strings[i].AsSpan(), i);
            }

            return value;
        }

        if (tensor.Data.IsEmpty)
        {
            return OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, elementType, shape);
        }

        pin = tensor.Data.Pin();
        unsafe
        {
            return OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, elementType, shape, (nint)pin.Pointer, tensor.Data.Length);
        }
    }

    private static Tensor[] ToTensors(IDisposableReadOnlyCollection<OrtValue> outputs)
    {
        var tensors = new Tensor[outputs.Count];
        var index = 0;
        try
        {
            foreach (var value in outputs)
            {
                tensors[index++] = ToTensor(value);
            }

            return tensors;
        }
        catch
        {
            outputs.Dispose();
            throw;
        }
    }

    private static Tensor ToTensor(OrtValue value)
    {
        if (!value.IsTensor)
        {
            value.Dispose();
            throw ServingException.Unimplemented($"The model returned a {value.OnnxType} output; only tensors can be served.");
        }

        var info = value.GetTensorTypeAndShape();
        var shape = new TensorShape(info.Shape);
        var dataType = OnnxTypes.ToDataType(info.ElementDataType);
        if (dataType == DataType.String)
        {
            using (value)
            {
                var strings = new byte[shape.ElementCount][];
                for (var i = 0; i < strings.Length; i++)
                {
                    strings[i] = value.GetStringElementAsSpan(i).ToArray();
                }

                return Tensor.CreateStrings(shape, strings);
            }
        }

        if (!DataTypes.IsSupported(dataType))
        {
            value.Dispose();
            throw ServingException.Unimplemented($"The model returned a {info.ElementDataType} tensor, which cannot be served.");
        }

        var memory = new OrtValueMemory(value);
        return Tensor.Create(dataType, shape, memory.Memory, memory);
    }

    public void Dispose()
    {
        session.Dispose();
        sharedRunOptions.Dispose();
        while (cancellableRunOptions.TryTake(out var runOptions))
        {
            runOptions.Dispose();
        }

        runSlots?.Dispose();
    }

    /// <summary>ONNX Runtime's message without its <c>[ErrorCode:...]</c> prefix: the status code says that already.</summary>
    private static string EngineMessage(OnnxRuntimeException e) =>
        e.Message.StartsWith("[ErrorCode:", StringComparison.Ordinal) && e.Message.IndexOf("] ", StringComparison.Ordinal) is var end and > 0
            ? e.Message[(end + 2)..]
            : e.Message;
}

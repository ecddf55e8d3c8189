using Google.Protobuf;
using SealServe.Core.Errors;
using SealServe.Core.Signatures;
using SealServe.Core.Tensors;
using SealServe.TensorFlow.Kernels;
using SealServe.TensorFlow.Kernels.Parsing;
using SealServe.TensorFlow.Plan;

namespace SealServe.Models.Engine;

/// <summary>
/// Runs a staged <see cref="ServingPlan"/>: ONNX stages in ONNX Runtime sessions, host kernels in C#, in order over a
/// table of values (one slot per tensor, numbered at load). Values pass between stages as they are: an ONNX output is
/// read in place from native memory by the next session or kernel. A run computes only the stages its outputs need.
/// </summary>
internal sealed class StagedServable : IServable
{
    private static readonly IReadOnlyDictionary<string, Signature> NoSignatures = new Dictionary<string, Signature>();

    private readonly Step[] steps;
    private readonly Dictionary<string, int> slots;
    private readonly DataType[] inputTypes;
    private readonly int slotCount;
    private readonly Dictionary<string, ExampleParseFront> parseFronts;

    private StagedServable(IReadOnlyDictionary<string, Signature> signatures, Step[] steps, Dictionary<string, int> slots, DataType[] inputTypes, Dictionary<string, ExampleParseFront> parseFronts)
    {
        Signatures = signatures;
        this.parseFronts = parseFronts;
        this.steps = steps;
        this.slots = slots;
        this.inputTypes = inputTypes;
        slotCount = slots.Values.Distinct().Count();
    }

    public IReadOnlyDictionary<string, Signature> Signatures { get; }

    /// <summary>Opens a session per ONNX stage (in order, so each takes the element types of earlier stages' values) and numbers the values.</summary>
    public static StagedServable Create(ServingPlan plan, EngineOptions options, IExecutionProvider provider, IReadOnlyDictionary<string, Signature> signatures)
    {
        var slots = new Dictionary<string, int>(StringComparer.Ordinal);
        int Slot(string name) => slots.TryGetValue(name, out var slot) ? slot : slots[name] = slots.Count;

        var steps = new List<Step>();
        var types = new Dictionary<string, int>(StringComparer.Ordinal);
        try
        {
            foreach (var input in plan.Inputs)
            {
                Slot(input.TensorName);
            }

            foreach (var stage in plan.Stages)
            {
                var inputSlots = stage.Inputs.Select(Slot).ToArray();
                var outputSlots = stage.Outputs.Select(Slot).ToArray();
                steps.Add(stage switch
                {
                    OnnxStage onnx => new Step(stage, inputSlots, outputSlots, OpenSession(onnx, options, provider, types), null),
                    KernelStage kernel => new Step(stage, inputSlots, outputSlots, null, kernel),
                    _ => throw new NotSupportedException(stage.GetType().Name),
                });
            }

            foreach (var signature in signatures.Values)
            {
                // Requests name tensors as their SignatureDefs do (y or y:0): both lead to the value's slot.
                foreach (var spec in signature.Inputs.Values.Concat(signature.Outputs.Values))
                {
                    if (slots.TryGetValue(ServingPlan.ValueName(spec.Name), out var slot))
                    {
                        slots.TryAdd(spec.Name, slot);
                    }
                }
            }

            var inputTypes = new DataType[slots.Values.Distinct().Count()];
            foreach (var input in plan.Inputs)
            {
                inputTypes[slots[input.TensorName]] = input.DataType;
            }

            var parseFronts = new Dictionary<string, ExampleParseFront>(StringComparer.Ordinal);
            foreach (var input in plan.Inputs)
            {
                if (ExampleParseFront.Find(plan, input.TensorName) is { } front)
                {
                    parseFronts[ServingPlan.ValueName(input.TensorName)] = front;
                }
            }

            return new StagedServable(signatures, [.. steps], slots, inputTypes, parseFronts);
        }
        catch
        {
            steps.ForEach(s => s.Session?.Dispose());
            throw;
        }
    }

    public ValueTask<Tensor[]> RunAsync(Signature signature, string[] inputNames, Tensor[] inputs, string[] outputNames, CancellationToken cancellationToken)
    {
        var values = new Tensor?[slotCount];
        var owned = new bool[slotCount];
        try
        {
            for (var i = 0; i < inputs.Length; i++)
            {
                var slot = SlotOf(inputNames[i]);
                if (inputTypes[slot] != DataType.Invalid && inputs[i].DataType != inputTypes[slot])
                {
                    // TensorFlow's check of fed tensors against the graph, with its text.
                    throw ServingException.InvalidArgument($"Expects arg[{i}] to be {DataTypes.ShortName(inputTypes[slot])} but {DataTypes.ShortName(inputs[i].DataType)} is provided");
                }

                values[slot] = inputs[i];
            }

            var wanted = new int[outputNames.Length];
            for (var i = 0; i < outputNames.Length; i++)
            {
                wanted[i] = SlotOf(outputNames[i]);
            }

            var (neededValues, neededSteps) = Needed(wanted, values);
            for (var s = 0; s < steps.Length; s++)
            {
                if (neededSteps[s])
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    Execute(steps[s], values, owned, neededValues, cancellationToken);
                }
            }

            return ValueTask.FromResult(TakeOutputs(wanted, values, owned));
        }
        finally
        {
            for (var i = 0; i < values.Length; i++)
            {
                if (owned[i])
                {
                    values[i]!.Dispose();
                }
            }
        }
    }

    public ExampleParseFront? FindExampleParse(Signature signature, string inputName) =>
        parseFronts.GetValueOrDefault(ServingPlan.ValueName(inputName));

    public void Dispose()
    {
        foreach (var step in steps)
        {
            step.Session?.Dispose();
        }
    }

    private static OnnxServable OpenSession(OnnxStage stage, EngineOptions options, IExecutionProvider provider, Dictionary<string, int> types)
    {
        // An input an earlier ONNX stage computes has no element type yet: ONNX Runtime inferred it there.
        foreach (var input in stage.Model.Graph.Input)
        {
            if (input.Type.TensorType.ElemType == 0)
            {
                input.Type.TensorType.ElemType = types.TryGetValue(input.Name, out var type)
                    ? type
                    : throw ServingException.Internal($"The plan's ONNX stage reads '{input.Name}', which no earlier ONNX stage computes.");
            }
        }

        var bytes = stage.Model.ToByteArray();
        try
        {
            var session = OnnxServable.Create(bytes, options, _ => NoSignatures, provider);
            foreach (var (name, metadata) in session.OutputMetadata)
            {
                types[name] = (int)metadata.ElementDataType;
            }

            return session;
        }
        finally
        {
            // The session holds its own copy of the weights now.
            Array.Clear(bytes);
        }
    }

    private int SlotOf(string name) => slots.TryGetValue(name, out var slot) || slots.TryGetValue(ServingPlan.ValueName(name), out slot)
        ? slot
        : throw ServingException.InvalidArgument($"Tensor '{name}' is neither an input nor a value of the model's graph.");

    /// <summary>Which values the wanted outputs need computed (those not fed), and which steps compute them.</summary>
    private (bool[] Values, bool[] Steps) Needed(int[] wanted, Tensor?[] fed)
    {
        var values = new bool[slotCount];
        var needed = new bool[steps.Length];
        foreach (var slot in wanted)
        {
            values[slot] = fed[slot] is null;
        }

        for (var s = steps.Length - 1; s >= 0; s--)
        {
            var step = steps[s];
            foreach (var output in step.OutputSlots)
            {
                needed[s] |= values[output];
            }

            if (needed[s])
            {
                foreach (var input in step.InputSlots)
                {
                    values[input] |= fed[input] is null;
                }
            }
        }

        return (values, needed);
    }

    private static void Execute(Step step, Tensor?[] values, bool[] owned, bool[] needed, CancellationToken cancellationToken)
    {
        var inputs = new Tensor[step.InputSlots.Length];
        for (var i = 0; i < inputs.Length; i++)
        {
            inputs[i] = values[step.InputSlots[i]]
                ?? throw ServingException.InvalidArgument($"The model needs '{step.Stage.Inputs[i]}', which the request does not feed.");
        }

        Tensor[] outputs;
        var outputSlots = step.OutputSlots;
        if (step.Session is { } session)
        {
            // Only what this run needs: ONNX Runtime then skips the rest of the stage.
            var count = 0;
            foreach (var slot in step.OutputSlots)
            {
                count += needed[slot] ? 1 : 0;
            }

            var names = step.OutputNames;
            if (count < outputSlots.Length)
            {
                (outputSlots, names) = (new int[count], new string[count]);
                for (int i = 0, j = 0; i < step.OutputSlots.Length; i++)
                {
                    if (needed[step.OutputSlots[i]])
                    {
                        (outputSlots[j], names[j++]) = (step.OutputSlots[i], step.OutputNames[i]);
                    }
                }
            }

            outputs = session.Run(step.InputNames, inputs, names, cancellationToken);
        }
        else
        {
            try
            {
                outputs = step.Kernel!.Kernel.Compute(inputs);
            }
            catch (ServingException e)
            {
                // As TensorFlow reports a kernel's error: the message, then the node it ran.
                throw new ServingException(e.Code, e.Message + "\n\t [[{{node " + step.Kernel!.NodeName + "}}]]", e);
            }
        }

        for (var i = 0; i < outputs.Length; i++)
        {
            var slot = outputSlots[i];
            if (values[slot] is null)
            {
                values[slot] = outputs[i];
                owned[slot] = true;
            }
            else
            {
                // A fed tensor wins over what the graph would compute for it.
                outputs[i].Dispose();
            }
        }
    }

    /// <summary>The wanted values, each a tensor the caller owns: a value returned twice, or fed by the caller, is copied.</summary>
    private static Tensor[] TakeOutputs(int[] wanted, Tensor?[] values, bool[] owned)
    {
        var outputs = new Tensor[wanted.Length];
        for (var i = 0; i < wanted.Length; i++)
        {
            var slot = wanted[i];
            var value = values[slot] ?? throw ServingException.Internal("A requested output was not computed.");
            if (owned[slot])
            {
                outputs[i] = value;
                owned[slot] = false;
            }
            else
            {
                outputs[i] = Tensors.Copy(value);
            }
        }

        return outputs;
    }

    /// <summary>A stage with its value slots, and its session (ONNX) or kernel.</summary>
    private sealed record Step(PlanStage Stage, int[] InputSlots, int[] OutputSlots, OnnxServable? Session, KernelStage? Kernel)
    {
        public string[] InputNames { get; } = [.. Stage.Inputs];

        public string[] OutputNames { get; } = [.. Stage.Outputs];
    }
}

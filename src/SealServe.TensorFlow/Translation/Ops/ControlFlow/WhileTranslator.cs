using Onnx;
using SealServe.Core.Signatures;
using SealServe.Core.Tensors;
using SealServe.TensorFlow.Translation.Graph;
using SealServe.TensorFlow.Translation.Onnx;
using Tensorflow;
using DataType = SealServe.Core.Tensors.DataType;

namespace SealServe.TensorFlow.Translation.Ops.ControlFlow;

/// <summary>
/// A TF2 while loop as an ONNX Loop. The body function, then the condition function on the body's results,
/// form the Loop body (cond_out); the condition on the initial values is the Loop's first cond.
/// Variables the body returns unchanged (weights, input lists) are read from the outer graph, not carried;
/// reserved TensorLists written once per iteration become scan outputs.
/// </summary>
[TfOp("While", "StatelessWhile", Onnx = "LSTM for Keras' LSTM layer, else Loop", Notes = "Keras RNN loops: invariant variables read from the outer graph, TensorList writes at the iteration index as scan outputs.")]
internal sealed class WhileTranslator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context)
    {
        var condition = Function(node, context, "cond");
        var body = Function(node, context, "body");
        var prefix = node.Name + "/body/";
        var arguments = body.Signature.InputArg.Select(a => TensorName.Of(prefix + a.Name, 0)).ToArray();
        var (nodes, returns) = FunctionBody.Instantiate(body, prefix, arguments, null, context.Functions);
        var graph = new TfGraph(nodes, context.Functions);
        var variables = LoopVariables.Classify(node, context, graph, arguments, returns);
        if (KerasLstmLoop.TryTranslate(node, context, graph, arguments, returns, variables, condition))
        {
            return;
        }

        var carried = variables.Where(v => v.Kind == LoopVariableKind.Carried).ToArray();
        var collected = variables.Where(v => v.Kind == LoopVariableKind.Collected).ToArray();

        // cond_out: the condition on the values this iteration produces.
        var next = variables.Select(v => v.Kind == LoopVariableKind.Carried ? v.Next : arguments[v.Index]).ToArray();
        var (conditionNodes, conditionReturns) = FunctionBody.Instantiate(condition, node.Name + "/cond/", next, null, context.Functions);
        foreach (var conditionNode in conditionNodes)
        {
            graph.Set(conditionNode);
        }

        string[] bodyOutputs = [conditionReturns[0], .. carried.Select(v => v.Next), .. collected.Select(v => v.Next)];
        var prepared = PreparedGraph.Prepare(graph, new GraphCut(arguments.ToHashSet(StringComparer.Ordinal), bodyOutputs));
        var loopBody = Body(node, context, variables, arguments, prepared, bodyOutputs);

        var scans = collected.Select(_ => context.NewValueName("scan")).ToArray();
        context.EmitMulti(
            "Loop",
            [string.Empty, InitialCondition(node, context, condition), .. carried.Select(v => context.Input(node, v.Index))],
            [.. carried.Select(v => context.Output(node, v.Index)), .. scans],
            [OnnxAttr.Graph("body", loopBody)]);

        foreach (var variable in variables.Where(v => v.Kind == LoopVariableKind.Invariant))
        {
            context.Alias(node, variable.Index, context.Input(node, variable.Index));
        }

        for (var i = 0; i < collected.Length; i++)
        {
            var list = collected[i].KeepLast
                ? context.Emit("Slice", [scans[i], context.Int64s(-1), context.Int64s(long.MaxValue), context.Int64s(0)])
                : scans[i];
            context.Alias(node, collected[i].Index, list);
        }
    }

    private static FunctionDef Function(TfNode node, TranslationContext context, string attribute)
    {
        var name = node.GetFunction(attribute).Name;
        return context.Functions.TryGetValue(name, out var function) ? function : throw node.Error($"its {attribute} function '{name}' is not in the function library.");
    }

    /// <summary>The condition on the loop's initial values, translated into the enclosing graph.</summary>
    private static string InitialCondition(TfNode node, TranslationContext context, FunctionDef condition)
    {
        var (nodes, returns) = FunctionBody.Instantiate(condition, node.Name + "/cond_initial/", node.Inputs, null, context.Functions);
        context.TranslateNodes(PreparedGraph.Prepare(new TfGraph(nodes, context.Functions), new GraphCut(node.Inputs.ToHashSet(StringComparer.Ordinal), [returns[0]])));
        return context.Lookup(returns[0]) ?? throw node.Error("its condition computes nothing.");
    }

    /// <summary>The ONNX Loop body: inputs (iteration, cond_in, carried values...), outputs (cond_out, carried values..., scan elements...).</summary>
    private static GraphProto Body(TfNode node, TranslationContext context, IReadOnlyList<LoopVariable> variables, IReadOnlyList<string> arguments, PreparedGraph prepared, IReadOnlyList<string> outputs)
    {
        var body = context.CreateSubgraph(node.Name + "/body");
        body.Graph.Input.Add(OnnxValueInfo.Tensor(body.UniqueName(node.Name + "/iteration"), DataType.Int64, ShapeSpec.Of()));
        body.Graph.Input.Add(OnnxValueInfo.Tensor(body.UniqueName(node.Name + "/condition"), DataType.Bool, ShapeSpec.Of()));
        var types = node.GetTypes("T");
        foreach (var variable in variables)
        {
            var argument = arguments[variable.Index];
            if (variable.Kind == LoopVariableKind.Invariant)
            {
                body.Bind(argument, context.Input(node, variable.Index));
            }
            else if (variable.Kind == LoopVariableKind.Carried)
            {
                if (!OnnxTypes.TryToOnnx(types[variable.Index], out _))
                {
                    throw node.Error($"loop variable {variable.Index} ({DataTypes.TfName(types[variable.Index])}) changes in the loop; only tensors and written TensorLists can.");
                }

                var input = body.UniqueName(argument);
                body.Bind(argument, input);
                body.Graph.Input.Add(OnnxValueInfo.Tensor(input, types[variable.Index], null));
            }
        }

        body.TranslateNodes(prepared);
        body.AddSubgraphOutputs(node, outputs, "body");

        Optimizers.OnnxOptimizers.Run(body);
        return body.Graph;
    }
}

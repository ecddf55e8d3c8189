namespace SealServe.TensorFlow.Translation.Ops.ControlFlow;

/// <summary>How a While loop variable maps onto an ONNX Loop.</summary>
internal enum LoopVariableKind
{
    /// <summary>The body returns it unchanged: the body reads the outer value, and the loop's output is its input.</summary>
    Invariant,

    /// <summary>A loop-carried value (v_initial → v_final).</summary>
    Carried,

    /// <summary>A reserved TensorList the body writes once per iteration: a scan output.</summary>
    Collected,
}

/// <summary>One While loop variable.</summary>
/// <param name="Index">Its position among the While's inputs and outputs.</param>
/// <param name="Kind">How it is translated.</param>
/// <param name="Next">In the body: the new value (Carried) or the element written (Collected).</param>
/// <param name="KeepLast">For Collected: every iteration writes element 0 of a 1-element list, so the list is the last write.</param>
internal sealed record LoopVariable(int Index, LoopVariableKind Kind, string Next, bool KeepLast = false);

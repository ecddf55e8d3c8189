using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using SealServe.Core.Tensors;
using SealServe.TensorFlow.Kernels.Parsing;

namespace SealServe.Benchmarks.HostOps;

/// <summary>
/// The alternative design measured by <see cref="HostOpProbe"/>: ParseExample as an ONNX Runtime custom op written in C#,
/// registered through the ONNX Runtime C API (function-pointer table, <c>OrtCustomOp</c> struct, <see cref="UnmanagedCallersOnly"/>
/// callbacks). A prototype for the measurement only: one op <c>ai.sealserve.probe/ParseExample</c> with a string input and
/// N float [batch,1] outputs, parsed by the same <see cref="ExampleParser"/> the host stage uses.
/// </summary>
internal static unsafe class OrtCustomOpPrototype
{
    public const string Domain = "ai.sealserve.probe";
    public const string OpName = "ParseExample";

    // Indices into the OrtApi function table (onnxruntime_c_api.h of 1.31, ORT_API_VERSION 31; the table only grows).
    private const int CreateStatusIndex = 0;
    private const int CreateCustomOpDomainIndex = 26;
    private const int CustomOpDomainAddIndex = 27;
    private const int AddCustomOpDomainIndex = 28;
    private const int GetTensorMutableDataIndex = 51;
    private const int GetStringTensorDataLengthIndex = 53;
    private const int GetStringTensorContentIndex = 54;
    private const int GetTensorShapeElementCountIndex = 64;
    private const int GetTensorTypeAndShapeIndex = 65;
    private const int KernelContextGetInputIndex = 90;
    private const int KernelContextGetOutputIndex = 91;
    private const int ReleaseTensorTypeAndShapeInfoIndex = 99;

    private const int OrtCustomOpPointers = 25;

    private static nint* api;
    private static nint opStruct;
    private static nint nameUtf8;
    private static ExampleParser? parser;
    private static int outputs;

    [DllImport("onnxruntime", EntryPoint = "OrtGetApiBase")]
    private static extern nint OrtGetApiBase();

    /// <summary>Registers the op (once per process) for <paramref name="exampleParser"/> and adds its domain to <paramref name="options"/>.</summary>
    public static void Register(SessionOptions options, ExampleParser exampleParser)
    {
        if (api is null)
        {
            var apiBase = (nint*)OrtGetApiBase();
            api = ((delegate* unmanaged<uint, nint*>)apiBase[0])(31);
            parser = exampleParser;
            outputs = exampleParser.Config.Dense.Count;
            nameUtf8 = Marshal.StringToCoTaskMemUTF8(OpName);
            opStruct = CreateOpStruct();
        }

        nint domain;
        Check(((delegate* unmanaged<byte*, nint*, nint>)api[CreateCustomOpDomainIndex])((byte*)Marshal.StringToCoTaskMemUTF8(Domain), &domain));
        Check(((delegate* unmanaged<nint, nint, nint>)api[CustomOpDomainAddIndex])(domain, opStruct));
        Check(((delegate* unmanaged<nint, nint, nint>)api[AddCustomOpDomainIndex])(options.DangerousGetHandle(), domain));
    }

    private static nint CreateOpStruct()
    {
        var op = (nint*)NativeMemory.AllocZeroed((nuint)(8 + (OrtCustomOpPointers * sizeof(nint))));
        *(uint*)op = 16; // OrtCustomOp version: V2 kernels (status-returning compute)
        var f = op + 1;
        f[0] = (nint)(delegate* unmanaged<nint, nint, nint, nint>)&CreateKernel;
        f[1] = (nint)(delegate* unmanaged<nint, nint>)&GetName;
        f[2] = (nint)(delegate* unmanaged<nint, nint>)&NoProvider;
        f[3] = (nint)(delegate* unmanaged<nint, nuint, int>)&GetInputType;
        f[4] = (nint)(delegate* unmanaged<nint, nuint>)&GetInputTypeCount;
        f[5] = (nint)(delegate* unmanaged<nint, nuint, int>)&GetOutputType;
        f[6] = (nint)(delegate* unmanaged<nint, nuint>)&GetOutputTypeCount;
        f[7] = (nint)(delegate* unmanaged<nint, nint, void>)&KernelCompute;
        f[8] = (nint)(delegate* unmanaged<nint, void>)&KernelDestroy;
        f[9] = (nint)(delegate* unmanaged<nint, nuint, int>)&Required;
        f[10] = (nint)(delegate* unmanaged<nint, nuint, int>)&Required;
        f[11] = (nint)(delegate* unmanaged<nint, nuint, int>)&DefaultMemory;
        f[12] = (nint)(delegate* unmanaged<nint, int>)&One;
        f[13] = (nint)(delegate* unmanaged<nint, int>)&One;
        f[14] = (nint)(delegate* unmanaged<nint, int>)&One;
        f[15] = (nint)(delegate* unmanaged<nint, int>)&One;
        f[16] = (nint)(delegate* unmanaged<nint, nint, nint, nint*, nint>)&CreateKernelV2;
        f[17] = (nint)(delegate* unmanaged<nint, nint, nint>)&KernelComputeV2;
        f[19] = (nint)(delegate* unmanaged<nint, int>)&One;
        f[20] = (nint)(delegate* unmanaged<nint, int>)&MaxVersion;
        f[21] = (nint)(delegate* unmanaged<int**, int**, nuint>)&NoPairs;
        f[22] = (nint)(delegate* unmanaged<int*, int*, void>)&ReleasePairs;
        f[23] = (nint)(delegate* unmanaged<int**, int**, nuint>)&NoPairs;
        f[24] = (nint)(delegate* unmanaged<int*, int*, void>)&ReleasePairs;
        return (nint)op;
    }

    [UnmanagedCallersOnly]
    private static nint GetName(nint op) => nameUtf8;

    [UnmanagedCallersOnly]
    private static int GetInputType(nint op, nuint index) => 8; // ONNX_TENSOR_ELEMENT_DATA_TYPE_STRING

    [UnmanagedCallersOnly]
    private static nuint GetInputTypeCount(nint op) => 1;

    [UnmanagedCallersOnly]
    private static int GetOutputType(nint op, nuint index) => 1; // FLOAT

    [UnmanagedCallersOnly]
    private static nuint GetOutputTypeCount(nint op) => (nuint)outputs;

    [UnmanagedCallersOnly]
    private static void KernelDestroy(nint kernel)
    {
    }

    [UnmanagedCallersOnly]
    private static int Required(nint op, nuint index) => 0;

    [UnmanagedCallersOnly]
    private static int DefaultMemory(nint op, nuint index) => 0;

    [UnmanagedCallersOnly]
    private static int One(nint op) => 1;

    /// <summary>No execution provider named: the CPU one.</summary>
    [UnmanagedCallersOnly]
    private static nint NoProvider(nint op) => 0;

    [UnmanagedCallersOnly]
    private static int MaxVersion(nint op) => int.MaxValue;

    [UnmanagedCallersOnly]
    private static nuint NoPairs(int** inputs, int** outputs)
    {
        *inputs = null;
        *outputs = null;
        return 0;
    }

    [UnmanagedCallersOnly]
    private static void ReleasePairs(int* inputs, int* outputs)
    {
    }

    [UnmanagedCallersOnly]
    private static nint CreateKernel(nint op, nint ortApi, nint info) => op;

    [UnmanagedCallersOnly]
    private static void KernelCompute(nint kernel, nint context) => Compute(context);

    [UnmanagedCallersOnly]
    private static nint CreateKernelV2(nint op, nint ortApi, nint info, nint* kernel)
    {
        *kernel = op;
        return 0;
    }

    [UnmanagedCallersOnly]
    private static nint KernelComputeV2(nint kernel, nint context)
    {
        try
        {
            Compute(context);
            return 0;
        }
        catch (Exception e)
        {
            var message = Marshal.StringToCoTaskMemUTF8(e.Message);
            return ((delegate* unmanaged<int, byte*, nint>)api[CreateStatusIndex])(2 /* ORT_INVALID_ARGUMENT */, (byte*)message);
        }
    }

    private static void Compute(nint context)
    {
        nint input;
        Check(((delegate* unmanaged<nint, nuint, nint*, nint>)api[KernelContextGetInputIndex])(context, 0, &input));
        nint info;
        Check(((delegate* unmanaged<nint, nint*, nint>)api[GetTensorTypeAndShapeIndex])(input, &info));
        nuint count;
        Check(((delegate* unmanaged<nint, nuint*, nint>)api[GetTensorShapeElementCountIndex])(info, &count));
        ((delegate* unmanaged<nint, void>)api[ReleaseTensorTypeAndShapeInfoIndex])(info);

        // ORT keeps std::strings: one copy of all bytes out, then one array per example for the parser.
        nuint length;
        Check(((delegate* unmanaged<nint, nuint*, nint>)api[GetStringTensorDataLengthIndex])(input, &length));
        var bytes = new byte[(int)length];
        var offsets = new nuint[(int)count];
        fixed (byte* b = bytes)
        fixed (nuint* o = offsets)
        {
            Check(((delegate* unmanaged<nint, byte*, nuint, nuint*, nuint, nint>)api[GetStringTensorContentIndex])(input, b, length, o, count));
        }

        var examples = new byte[(int)count][];
        for (var i = 0; i < examples.Length; i++)
        {
            var end = i + 1 < examples.Length ? (int)offsets[i + 1] : bytes.Length;
            examples[i] = bytes.AsSpan((int)offsets[i], end - (int)offsets[i]).ToArray();
        }

        var parsed = parser!.Parse(Tensor.CreateStrings(new TensorShape(examples.Length), examples), null);
        try
        {
            var dims = stackalloc long[2] { (long)count, 1 };
            for (var i = 0; i < parsed.Length; i++)
            {
                nint output;
                Check(((delegate* unmanaged<nint, nuint, long*, nuint, nint*, nint>)api[KernelContextGetOutputIndex])(context, (nuint)i, dims, 2, &output));
                void* data;
                Check(((delegate* unmanaged<nint, void**, nint>)api[GetTensorMutableDataIndex])(output, &data));
                parsed[i].Data.Span.CopyTo(new Span<byte>(data, parsed[i].Data.Length));
            }
        }
        finally
        {
            foreach (var tensor in parsed)
            {
                tensor.Dispose();
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Check(nint status)
    {
        if (status != 0)
        {
            throw new InvalidOperationException("An ONNX Runtime C API call failed.");
        }
    }
}

using System.Text;
using SealServe.Core.Errors;
using SealServe.Core.Signatures;
using SealServe.Core.Tensors;
using SealServe.Server.Codecs.Json;

namespace SealServe.Server.Tests.Codecs.Json;

public sealed class PredictJsonRequestTests
{
    private static readonly Signature FloatInput = Sig(("x", DataType.Float));

    // ---- Parse: syntax -------------------------------------------------------------------------

    [Fact]
    public void Parse_EmptyBody_DocumentIsEmpty()
    {
        var error = ParseError(""u8.ToArray());

        Assert.Equal(StatusCode.InvalidArgument, error.Code);
        Assert.Equal("JSON Parse error: The document is empty", error.Message);
    }

    [Theory]
    [InlineData("   ", "The document is empty. at offset: 3")]
    [InlineData("x", "Invalid value. at offset: 0")]
    [InlineData("{", "Missing a name for object member. at offset: 1")]
    [InlineData("{1:2}", "Missing a name for object member. at offset: 1")]
    [InlineData("{\"a\" 1}", "Missing a colon after a name of object member. at offset: 5")]
    [InlineData("{\"a\":1 \"b\":2}", "Missing a comma or '}' after an object member. at offset: 7")]
    [InlineData("{\"a\":1,}", "Missing a name for object member. at offset: 7")]
    [InlineData("{\"a\":}", "Invalid value. at offset: 5")]
    [InlineData("{\"instances\":[1 2]}", "Missing a comma or ']' after an array element. at offset: 16")]
    [InlineData("{\"instances\":[1,]}", "Invalid value. at offset: 16")]
    [InlineData("{\"instances\":[1", "Missing a comma or ']' after an array element. at offset: 15")]
    [InlineData("{\"a\":\"\\x\"}", "Invalid escape character in string. at offset: 6")]
    [InlineData("{\"a\":\"\\u12G4\"}", "Incorrect hex digit after \\u escape in string. at offset: 6")]
    [InlineData("{\"a\":\"\\ud800\"}", "The surrogate pair in string is invalid. at offset: 6")]
    [InlineData("{\"a\":\"\\udc00\"}", "The surrogate pair in string is invalid. at offset: 6")]
    [InlineData("{\"a\":\"\\ud800\\u0041\"}", "The surrogate pair in string is invalid. at offset: 6")]
    [InlineData("{\"a\":\"abc", "Missing a closing quotation mark in string. at offset: 9")]
    [InlineData("{\"a\":\"a\tb\"}", "Invalid encoding in string. at offset: 7")]
    [InlineData("{\"a\":1.}", "Miss fraction part in number. at offset: 7")]
    [InlineData("{\"a\":1e}", "Miss exponent in number. at offset: 7")]
    [InlineData("{\"a\":-}", "Invalid value. at offset: 6")]
    [InlineData("{\"a\":01}", "Missing a comma or '}' after an object member. at offset: 6")]
    [InlineData("{\"a\":nul}", "Invalid value. at offset: 8")]
    [InlineData("{\"a\":nan}", "Invalid value. at offset: 6")]
    [InlineData("{\"a\":Infinit}", "Invalid value. at offset: 12")]
    [InlineData("{\"a\":Nax}", "Invalid value. at offset: 7")]
    [InlineData("{\"a\":NaN, \"b\":-1e999}", "Number too big to be stored in double. at offset: 14")]
    [InlineData("{\"a\":[1,2],\n \"b\":x}", "Invalid value. at offset: 17")]
    public void Parse_MalformedJson_RapidJsonReasonAndOffset(string body, string expected)
    {
        var error = ParseError(Encoding.UTF8.GetBytes(body));

        Assert.Equal(StatusCode.InvalidArgument, error.Code);
        Assert.Equal("JSON Parse error: " + expected, error.Message);
    }

    [Fact]
    public void Parse_MillionOpenBrackets_CleanErrorNotStackOverflow()
    {
        var body = new byte[1_000_000];
        Array.Fill(body, (byte)'[');

        var error = ParseError(body);

        Assert.Equal("JSON Parse error: Invalid value. at offset: 1000000", error.Message);
    }

    [Fact]
    public void Parse_HundredThousandOpenBracketsInObject_CleanError()
    {
        var body = Encoding.UTF8.GetBytes("{\"instances\": " + new string('[', 100_000));

        var error = ParseError(body);

        Assert.Equal("JSON Parse error: Invalid value. at offset: 100014", error.Message);
    }

    [Theory]
    [InlineData("[1, 2]", "JSON Value: [1, 2] Is not object")]
    [InlineData("\"text\"", "JSON Value: \"text\" Is not object")]
    [InlineData("12 garbage", "JSON Value: 12 Is not object")]
    [InlineData("null", "JSON Value: null Is not object")]
    public void Parse_TopLevelNotObject_IsNotObject(string body, string expected)
    {
        var error = ParseError(Encoding.UTF8.GetBytes(body));

        Assert.Equal(StatusCode.InvalidArgument, error.Code);
        Assert.Equal(expected, error.Message);
    }

    [Theory]
    [InlineData("{\"instances\": [1]} trailing garbage")]
    [InlineData("{\"instances\": [1]}{\"x\"")]
    [InlineData("{\"instances\": [1]}\0\0")]
    [InlineData("\uFEFF{\"instances\": [1]}")]
    [InlineData(" \n\t{\"instances\": [1]}\r\n")]
    public void Parse_BytesRapidJsonIgnores_Accepted(string body)
    {
        var tensors = Read(body, FloatInput);

        Assert.Equal([1f], Values<float>(tensors["x"]));
    }

    [Fact]
    public void Parse_SignatureName_ReadAndUnescaped()
    {
        using var request = PredictJsonRequest.Parse("{\"signature_name\": \"sig\\u0031\", \"instances\": [1]}"u8.ToArray());

        Assert.Equal("sig1", request.SignatureName);
        Assert.True(request.IsRowFormat);
    }

    [Fact]
    public void Parse_NoSignatureName_Empty()
    {
        using var request = PredictJsonRequest.Parse("{\"inputs\": [1]}"u8.ToArray());

        Assert.Equal(string.Empty, request.SignatureName);
        Assert.False(request.IsRowFormat);
    }

    [Fact]
    public void Parse_RepeatedSignatureName_FirstWins()
    {
        using var request = PredictJsonRequest.Parse("{\"signature_name\": \"a\", \"signature_name\": 5}"u8.ToArray());

        Assert.Equal("a", request.SignatureName);
    }

    [Fact]
    public void Parse_SignatureNameNotString_ErrorQuotesWholeDocument()
    {
        var error = ParseError("{\"signature_name\": 1, \"instances\": [1]}"u8.ToArray());

        Assert.Equal(StatusCode.InvalidArgument, error.Code);
        Assert.Equal(
            "JSON Value: {\n    \"signature_name\": 1,\n    \"instances\": [1]\n} not formatted correctly. 'signature_name' key must be a string value.",
            error.Message);
    }

    [Fact]
    public void Parse_LongDocumentInError_TruncatedAfter256Bytes()
    {
        var body = "{\"signature_name\": 5, \"instances\": [" + string.Join(", ", Enumerable.Repeat("1000", 100)) + "]}";

        var error = ParseError(Encoding.UTF8.GetBytes(body));

        var rendered = "{\n    \"signature_name\": 5,\n    \"instances\": [1000" + string.Concat(Enumerable.Repeat(", 1000", 35));
        Assert.Equal($"JSON Value: {rendered} not formatted correctly. 'signature_name' key must be a string value.", error.Message);
    }

    [Fact]
    public void Parse_DeeplyNestedDocumentInError_RenderStaysBounded()
    {
        var depth = 250;
        var body = "{\"signature_name\": [], \"x\": " + new string('[', depth) + new string(']', depth) + "}";

        var error = ParseError(Encoding.UTF8.GetBytes(body));

        Assert.StartsWith("JSON Value: {\n    \"signature_name\": [],\n    \"x\": [[[[", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 400, error.Message.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    // ---- ResolveSignature ----------------------------------------------------------------------

    [Fact]
    public void ResolveSignature_EmptyName_UsesServingDefault()
    {
        var signatures = new Dictionary<string, Signature> { [Signature.DefaultKey] = FloatInput };

        var signature = PredictJsonRequest.ResolveSignature(signatures, string.Empty);

        Assert.Same(FloatInput, signature);
    }

    [Fact]
    public void ResolveSignature_UnknownName_NotFoundInSignatureDef()
    {
        var signatures = new Dictionary<string, Signature> { [Signature.DefaultKey] = FloatInput };

        var error = Assert.Throws<ServingException>(() => PredictJsonRequest.ResolveSignature(signatures, "foo"));

        Assert.Equal(StatusCode.InvalidArgument, error.Code);
        Assert.Equal("Serving signature name: \"foo\" not found in signature def", error.Message);
    }

    [Fact]
    public void ResolveSignature_EmptyNameWithoutDefault_NamesServingDefault()
    {
        var signatures = new Dictionary<string, Signature> { ["other"] = FloatInput };

        var error = Assert.Throws<ServingException>(() => PredictJsonRequest.ResolveSignature(signatures, string.Empty));

        Assert.Equal("Serving signature name: \"serving_default\" not found in signature def", error.Message);
    }

    [Fact]
    public void ResolveSignature_NoInputsUnnamed_FailedToGetInputMapDefault()
    {
        var signatures = new Dictionary<string, Signature> { [Signature.DefaultKey] = Sig() };

        var error = Assert.Throws<ServingException>(() => PredictJsonRequest.ResolveSignature(signatures, string.Empty));

        Assert.Equal(StatusCode.InvalidArgument, error.Code);
        Assert.Equal("Failed to get input map for signature: DEFAULT", error.Message);
    }

    [Fact]
    public void ResolveSignature_NoInputsNamed_FailedToGetInputMapName()
    {
        var signatures = new Dictionary<string, Signature> { ["counter"] = Sig() };

        var error = Assert.Throws<ServingException>(() => PredictJsonRequest.ResolveSignature(signatures, "counter"));

        Assert.Equal("Failed to get input map for signature: counter", error.Message);
    }

    // ---- ReadInputs: keys ----------------------------------------------------------------------

    [Fact]
    public void ReadInputs_NeitherKey_MissingInputsOrInstances()
    {
        var error = ReadError("{\"signature_name\": \"x\"}", FloatInput);

        Assert.Equal(StatusCode.InvalidArgument, error.Code);
        Assert.Equal("Missing 'inputs' or 'instances' key", error.Message);
    }

    [Fact]
    public void ReadInputs_BothKeys_OnlyOneExpectedWithTrailingSpace()
    {
        var error = ReadError("{\"instances\": [1], \"inputs\": [1]}", FloatInput);

        Assert.Equal(
            "JSON Value: {\n    \"instances\": [1],\n    \"inputs\": [1]\n} Not formatted correctly expecting only one of 'inputs' or 'instances' keys to exist ",
            error.Message);
    }

    [Fact]
    public void ReadInputs_InstancesNotList_ExpectingList()
    {
        var error = ReadError("{\"instances\": 5}", FloatInput);

        Assert.Equal("JSON Value: {\n    \"instances\": 5\n} Expecting 'instances' to be an list/array", error.Message);
    }

    [Fact]
    public void ReadInputs_InstancesEmpty_NoValues()
    {
        var error = ReadError("{\"instances\": []}", FloatInput);

        Assert.Equal("JSON Value: {\n    \"instances\": []\n} No values in 'instances' array", error.Message);
    }

    [Fact]
    public void ReadInputs_RepeatedInstancesKey_FirstWins()
    {
        var tensors = Read("{\"instances\": [7], \"instances\": \"x\"}", FloatInput);

        Assert.Equal([7f], Values<float>(tensors["x"]));
    }

    // ---- ReadInputs: row format ----------------------------------------------------------------

    [Fact]
    public void ReadInputs_HalfPlusTwoInstances_FloatVector()
    {
        var tensors = Read("{\"instances\": [1.0, 2.0, 5.0]}", FloatInput);

        var x = Assert.Single(tensors).Value;
        Assert.Equal(DataType.Float, x.DataType);
        Assert.Equal(new TensorShape(3), x.Shape);
        Assert.Equal([1f, 2f, 5f], Values<float>(x));
    }

    [Fact]
    public void ReadInputs_InstancesOfLists_BatchDimensionAdded()
    {
        var tensors = Read("{\"instances\": [[1, 2, 3], [4, 5, 6]]}", Sig(("x", DataType.Int32)));

        Assert.Equal(new TensorShape(2, 3), tensors["x"].Shape);
        Assert.Equal([1, 2, 3, 4, 5, 6], Values<int>(tensors["x"]));
    }

    [Fact]
    public void ReadInputs_InstancesOfEmptyLists_ZeroSizedElements()
    {
        var tensors = Read("{\"instances\": [[], []]}", FloatInput);

        Assert.Equal(new TensorShape(2, 0), tensors["x"].Shape);
    }

    [Fact]
    public void ReadInputs_NamedInstances_OneTensorPerInput()
    {
        var signature = Sig(("a", DataType.Float), ("b", DataType.String));

        var tensors = Read("{\"instances\": [{\"b\": \"x\", \"a\": [1, 2]}, {\"a\": [3, 4], \"b\": {\"b64\": \"eQ==\"}}]}", signature);

        Assert.Equal(new TensorShape(2, 2), tensors["a"].Shape);
        Assert.Equal([1f, 2f, 3f, 4f], Values<float>(tensors["a"]));
        Assert.Equal(new TensorShape(2), tensors["b"].Shape);
        Assert.Equal(["x", "y"], tensors["b"].Strings.Select(Encoding.UTF8.GetString));
    }

    [Fact]
    public void ReadInputs_NamedInstanceRepeatedKey_FirstWins()
    {
        var tensors = Read("{\"instances\": [{\"x\": 1, \"x\": [1, 2]}]}", FloatInput);

        Assert.Equal([1f], Values<float>(tensors["x"]));
    }

    [Fact]
    public void ReadInputs_Base64FirstInstance_ReadAsPlainValue()
    {
        var tensors = Read("{\"instances\": [{\"b64\": \"aGk=\"}, \"there\"]}", Sig(("s", DataType.String)));

        Assert.Equal(["hi", "there"], tensors["s"].Strings.Select(Encoding.UTF8.GetString));
    }

    [Fact]
    public void ReadInputs_PlainListForSeveralInputs_ExpectingListOfObjects()
    {
        var error = ReadError("{\"instances\": [1, 2]}", Sig(("a", DataType.Float), ("b", DataType.Float)));

        Assert.Equal(StatusCode.InvalidArgument, error.Code);
        Assert.Equal(
            "instances is a plain list, but expecting list of objects as multiple input tensors required as per tensorinfo_map",
            error.Message);
    }

    [Fact]
    public void ReadInputs_ObjectThenList_ExpectingObject()
    {
        var error = ReadError("{\"instances\": [{\"x\": 1}, [1]]}", FloatInput);

        Assert.Equal("Expecting object but got list at item 1 of input list", error.Message);
    }

    [Fact]
    public void ReadInputs_ValueThenObject_ExpectingValue()
    {
        var error = ReadError("{\"instances\": [1, {\"x\": 1}]}", FloatInput);

        Assert.Equal("Expecting value/list but got object at item 1 of input list", error.Message);
    }

    [Fact]
    public void ReadInputs_UnknownKeyInInstance_DoesNotHaveNamedInput()
    {
        var error = ReadError("{\"instances\": [{\"a\": 1, \"c\": 2}]}", Sig(("a", DataType.Float), ("b", DataType.Float)));

        Assert.Equal(
            "Failed to process element: 0 key: c of 'instances' list. Error: INVALID_ARGUMENT: JSON object: does not have named input: c",
            error.Message);
    }

    [Fact]
    public void ReadInputs_MissingKeyInInstance_KeysMustBeEqualSortedAndJoined()
    {
        var error = ReadError("{\"instances\": [{\"a\": 1, \"b\": 2}, {\"b\": 1}]}", Sig(("b", DataType.Float), ("a", DataType.Float)));

        Assert.Equal(
            "Failed to process element: 1 of 'instances' list. JSON object: {\n    \"b\": 1\n} keys must be equal to: a,b",
            error.Message);
    }

    [Fact]
    public void ReadInputs_BadValueInNamedInstance_WrappedWithKeyAndCode()
    {
        var error = ReadError("{\"instances\": [{\"a\": \"x\", \"b\": 1}]}", Sig(("a", DataType.Float), ("b", DataType.Float)));

        Assert.Equal(StatusCode.InvalidArgument, error.Code);
        Assert.Equal(
            "Failed to process element: 0 key: a of 'instances' list. Error: INVALID_ARGUMENT: JSON Value: \"x\" Type: String is not of expected type: float",
            error.Message);
    }

    [Fact]
    public void ReadInputs_DifferentSizeInstance_ExpectingTensorSize()
    {
        var error = ReadError("{\"instances\": [[1, 2], [3]]}", FloatInput);

        Assert.Equal(
            "Failed to process element: 1 of 'instances' list. Error: INVALID_ARGUMENT: Expecting tensor size: 2 but got: 1",
            error.Message);
    }

    [Fact]
    public void ReadInputs_LargerInstance_ExpectingTensorSize()
    {
        var error = ReadError("{\"instances\": [[1, 2], [3, 4, 5]]}", FloatInput);

        Assert.Equal(
            "Failed to process element: 1 of 'instances' list. Error: INVALID_ARGUMENT: Expecting tensor size: 2 but got: 3",
            error.Message);
    }

    [Fact]
    public void ReadInputs_SameSizeOtherShape_ExpectingShapeCompactText()
    {
        var error = ReadError("{\"instances\": [[[1, 2], [3, 4], [5, 6]], [[1, 2, 3], [4, 5, 6]]]}", FloatInput);

        Assert.Equal(
            "Failed to process element: 1 of 'instances' list. Error: INVALID_ARGUMENT: Expecting shape [3,2] but got: [2,3]",
            error.Message);
    }

    [Fact]
    public void ReadInputs_ScalarThenList_ExpectingShapeScalarText()
    {
        var error = ReadError("{\"instances\": [1, [2]]}", FloatInput);

        Assert.Equal(
            "Failed to process element: 1 of 'instances' list. Error: INVALID_ARGUMENT: Expecting shape [] but got: [1]",
            error.Message);
    }

    [Fact]
    public void ReadInputs_BadValueInOtherSizedInstance_ValueErrorFirst()
    {
        var error = ReadError("{\"instances\": [[1, 2], [\"a\"]]}", FloatInput);

        Assert.Equal(
            "Failed to process element: 1 of 'instances' list. Error: INVALID_ARGUMENT: JSON Value: \"a\" Type: String is not of expected type: float",
            error.Message);
    }

    [Fact]
    public void ReadInputs_RaggedInstance_ListAtUnexpectedSize()
    {
        var error = ReadError("{\"instances\": [[[1, 2], [3]]]}", FloatInput);

        Assert.Equal(
            "Failed to process element: 0 of 'instances' list. Error: INVALID_ARGUMENT: Encountered list at unexpected size: 1 at level: 1 expected size: 2",
            error.Message);
    }

    [Fact]
    public void ReadInputs_ListDeeperThanFirstElement_ListAtUnexpectedLevel()
    {
        var error = ReadError("{\"instances\": [[1, [2]]]}", FloatInput);

        Assert.Equal(
            "Failed to process element: 0 of 'instances' list. Error: INVALID_ARGUMENT: Encountered list at unexpected level: 1 expected < 1",
            error.Message);
    }

    [Fact]
    public void ReadInputs_ValueShallowerThanFirstElement_FoundAtIncorrectLevel()
    {
        var error = ReadError("{\"instances\": [[[1], 2]]}", FloatInput);

        Assert.Equal(
            "Failed to process element: 0 of 'instances' list. Error: INVALID_ARGUMENT: JSON Value: 2 found at incorrect level: 2 in the JSON DOM. Expected at level: 2",
            error.Message);
    }

    [Fact]
    public void ReadInputs_UnsupportedTypeInInstance_WrappedUnimplemented()
    {
        var error = ReadError("{\"instances\": [1]}", Sig(("x", DataType.Complex64)));

        Assert.Equal(StatusCode.InvalidArgument, error.Code);
        Assert.Equal(
            "Failed to process element: 0 of 'instances' list. Error: UNIMPLEMENTED: Conversion of JSON Value: 1 to type: complex64",
            error.Message);
    }

    [Fact]
    public void ReadInputs_ObjectForUnsupportedType_TypeError()
    {
        var error = ReadError("{\"inputs\": {\"x\": {\"b64\": \"AA==\"}}}", Sig(("x", DataType.Complex64)));

        Assert.Equal(StatusCode.InvalidArgument, error.Code);
        Assert.Equal("JSON Value: {\n    \"b64\": \"AA==\"\n} Type: Object is not of expected type: complex64", error.Message);
    }

    [Fact]
    public void ReadInputs_ManyInstancesOneBadLast_ErrorNamesItsIndex()
    {
        var body = "{\"instances\": [" + string.Join(", ", Enumerable.Repeat("[1, 2]", 1000)) + ", [1, true]]}";

        var error = ReadError(body, FloatInput);

        Assert.Equal(
            "Failed to process element: 1000 of 'instances' list. Error: INVALID_ARGUMENT: JSON Value: true Type: True is not of expected type: float",
            error.Message);
    }

    [Fact]
    public void ReadInputs_ManyInstancesOfHugeFirstElement_RejectedWithoutHugeAllocation()
    {
        var body = "{\"instances\": [[" + string.Join(",", Enumerable.Repeat("1", 10_000)) + "]" + string.Concat(Enumerable.Repeat(",1", 10_000)) + "]}";

        var error = ReadError(body, FloatInput);

        Assert.Equal(
            "Failed to process element: 1 of 'instances' list. Error: INVALID_ARGUMENT: Expecting tensor size: 10000 but got: 1",
            error.Message);
    }

    // ---- ReadInputs: columnar format ----------------------------------------------------------

    [Fact]
    public void ReadInputs_ColumnarList_SingleInput()
    {
        var tensors = Read("{\"inputs\": [[1, 2], [3, 4], [5, 6]]}", FloatInput);

        Assert.Equal(new TensorShape(3, 2), tensors["x"].Shape);
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f], Values<float>(tensors["x"]));
    }

    [Fact]
    public void ReadInputs_ColumnarScalar_RankZero()
    {
        var tensors = Read("{\"inputs\": 3.5}", FloatInput);

        Assert.Equal(TensorShape.Scalar, tensors["x"].Shape);
        Assert.Equal([3.5f], Values<float>(tensors["x"]));
    }

    [Fact]
    public void ReadInputs_ColumnarEmptyList_ZeroElements()
    {
        var tensors = Read("{\"inputs\": []}", FloatInput);

        Assert.Equal(new TensorShape(0), tensors["x"].Shape);
    }

    [Fact]
    public void ReadInputs_ColumnarNamed_EachInputExtraKeysIgnored()
    {
        var signature = Sig(("a", DataType.Int64), ("b", DataType.Bool));

        var tensors = Read("{\"inputs\": {\"b\": [true, false], \"zzz\": \"ignored\", \"a\": 5}}", signature);

        Assert.Equal(2, tensors.Count);
        Assert.Equal(TensorShape.Scalar, tensors["a"].Shape);
        Assert.Equal([5L], Values<long>(tensors["a"]));
        Assert.Equal([true, false], Values<bool>(tensors["b"]));
    }

    [Fact]
    public void ReadInputs_ColumnarNamedRepeatedKey_FirstWins()
    {
        var tensors = Read("{\"inputs\": {\"x\": [1], \"x\": \"bad\"}}", FloatInput);

        Assert.Equal([1f], Values<float>(tensors["x"]));
    }

    [Fact]
    public void ReadInputs_ColumnarMissingInput_MissingNamedInput()
    {
        var error = ReadError("{\"inputs\": {\"a\": 1}}", Sig(("a", DataType.Float), ("b", DataType.Float)));

        Assert.Equal(StatusCode.InvalidArgument, error.Code);
        Assert.Equal("Missing named input: b in 'inputs' object.", error.Message);
    }

    [Fact]
    public void ReadInputs_ColumnarPlainForSeveralInputs_ExpectingObject()
    {
        var error = ReadError("{\"inputs\": [1, 2]}", Sig(("a", DataType.Float), ("b", DataType.Float)));

        Assert.Equal(
            "inputs is a plain value/list, but expecting an object as multiple input tensors required as per tensorinfo_map",
            error.Message);
    }

    [Fact]
    public void ReadInputs_ColumnarBase64Object_SingleStringInput()
    {
        var tensors = Read("{\"inputs\": {\"b64\": \"aGk=\"}}", Sig(("s", DataType.String)));

        Assert.Equal(TensorShape.Scalar, tensors["s"].Shape);
        Assert.Equal("hi", Encoding.UTF8.GetString(tensors["s"].Strings[0]));
    }

    [Fact]
    public void ReadInputs_ColumnarBadValue_NotWrapped()
    {
        var error = ReadError("{\"inputs\": [\"a\"]}", FloatInput);

        Assert.Equal("JSON Value: \"a\" Type: String is not of expected type: float", error.Message);
    }

    [Fact]
    public void ReadInputs_ColumnarRagged_ListAtUnexpectedSizeNotWrapped()
    {
        var error = ReadError("{\"inputs\": [[1, 2], [3]]}", FloatInput);

        Assert.Equal("Encountered list at unexpected size: 1 at level: 1 expected size: 2", error.Message);
    }

    [Fact]
    public void ReadInputs_ColumnarUnsupportedType_Unimplemented()
    {
        var error = ReadError("{\"inputs\": [1]}", Sig(("x", DataType.Complex128)));

        Assert.Equal(StatusCode.Unimplemented, error.Code);
        Assert.Equal("Conversion of JSON Value: 1 to type: complex128", error.Message);
    }

    [Fact]
    public void ReadInputs_SecondInputFails_FirstTensorDisposedAndErrorReported()
    {
        var error = ReadError("{\"inputs\": {\"a\": [1, 2], \"b\": [\"x\"]}}", Sig(("a", DataType.Float), ("b", DataType.Float)));

        Assert.Equal("JSON Value: \"x\" Type: String is not of expected type: float", error.Message);
    }

    // ---- Nesting limits -------------------------------------------------------------------------

    [Fact]
    public void Parse_HundredThousandLevelsOfLists_NestingLimitError()
    {
        const int Depth = 100_000;
        var body = "{\"inputs\": " + new string('[', Depth) + "1" + new string(']', Depth) + "}";

        var error = ParseError(Encoding.UTF8.GetBytes(body));

        Assert.Equal(StatusCode.InvalidArgument, error.Code);
        Assert.Equal("JSON Parse error: Nesting deeper than 257 levels (a tensor has at most 254 dimensions). at offset: 267", error.Message);
    }

    [Fact]
    public void Parse_MillionLevelsBalanced_NestingLimitErrorQuickly()
    {
        const int Depth = 1_000_000;
        var body = "{\"a\": " + new string('[', Depth) + new string(']', Depth) + "}";

        var error = ParseError(Encoding.UTF8.GetBytes(body));

        Assert.Equal("JSON Parse error: Nesting deeper than 257 levels (a tensor has at most 254 dimensions). at offset: 262", error.Message);
    }

    [Fact]
    public void Parse_NestingAtLimit_Accepted()
    {
        var body = "{\"a\": " + new string('[', 256) + new string(']', 256) + ", \"inputs\": [1]}";

        var tensors = Read(body, FloatInput);

        Assert.Equal([1f], Values<float>(tensors["x"]));
    }

    [Fact]
    public void Parse_NestingOneBeyondLimit_NestingLimitError()
    {
        var body = "{\"a\": " + new string('[', 257) + new string(']', 257) + ", \"inputs\": [1]}";

        var error = ParseError(Encoding.UTF8.GetBytes(body));

        Assert.Equal("JSON Parse error: Nesting deeper than 257 levels (a tensor has at most 254 dimensions). at offset: 262", error.Message);
    }

    [Fact]
    public void Parse_TooDeepAndSyntaxError_SyntaxErrorWins()
    {
        var body = "{\"a\": " + new string('[', 300) + new string(']', 300) + ", x}";

        var error = ParseError(Encoding.UTF8.GetBytes(body));

        Assert.Equal("JSON Parse error: Missing a name for object member. at offset: 608", error.Message);
    }

    [Fact]
    public void ReadInputs_ColumnarRank255_RankLimitError()
    {
        var body = "{\"inputs\": " + new string('[', 255) + "1" + new string(']', 255) + "}";

        var error = ReadError(body, FloatInput);

        Assert.Equal(StatusCode.InvalidArgument, error.Code);
        Assert.Equal("Encountered lists nested more than 254 levels deep: a tensor has at most 254 dimensions", error.Message);
    }

    [Fact]
    public void ReadInputs_InstanceOfRank255_RankLimitErrorWrapped()
    {
        var body = "{\"instances\": [" + new string('[', 255) + "1" + new string(']', 255) + "]}";

        var error = ReadError(body, FloatInput);

        Assert.Equal(
            "Failed to process element: 0 of 'instances' list. Error: INVALID_ARGUMENT: Encountered lists nested more than 254 levels deep: a tensor has at most 254 dimensions",
            error.Message);
    }

    [Fact]
    public void ReadInputs_Rank254_Accepted()
    {
        var body = "{\"inputs\": " + new string('[', 254) + "1" + new string(']', 254) + "}";

        var tensors = Read(body, FloatInput);

        Assert.Equal(254, tensors["x"].Shape.Rank);
        Assert.Equal([1f], Values<float>(tensors["x"]));
    }

    [Fact]
    public void ReadInputs_DeepObjectInTypeError_RenderedTextStaysBounded()
    {
        const int Depth = 250;
        var body = "{\"inputs\": [{\"a\": " + new string('[', Depth) + new string(']', Depth) + "}]}";

        var error = ReadError(body, FloatInput);

        Assert.StartsWith("JSON Value: {\n    \"a\": [[[[", error.Message, StringComparison.Ordinal);
        Assert.EndsWith(" Type: Object is not of expected type: float", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 400, error.Message);
    }

    [Fact]
    public void ReadInputs_ListBelowFirstElementDepth_ListAtUnexpectedLevel()
    {
        var body = "{\"inputs\": [[1], " + new string('[', 250) + new string(']', 250) + "]}";

        var error = ReadError(body, FloatInput);

        Assert.Equal("Encountered list at unexpected level: 2 expected < 2", error.Message);
    }

    // ---- Large inputs ---------------------------------------------------------------------------

    [Fact]
    public void ReadInputs_MillionFloats_AllValuesRead()
    {
        var text = new StringBuilder("{\"instances\": [");
        for (var i = 0; i < 1_000_000; i++)
        {
            text.Append(i == 0 ? "" : ", ").Append((i * 0.5).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var body = Encoding.UTF8.GetBytes(text.Append("]}").ToString());

        var tensors = Read(body, FloatInput);

        var values = Values<float>(tensors["x"]);
        Assert.Equal(1_000_000, values.Length);
        Assert.Equal(499_999.5f, values[^1]);
    }

    // ---- Leaf conversion by dtype -----------------------------------------------------------------

    [Fact]
    public void ReadInputs_Float_NarrowsDoubleWithOverflowToInfinity()
    {
        var tensors = Read("{\"inputs\": [1.5, 3, 1e40, -1e40, 1e-50, 0.1, 16777217]}", FloatInput);

        Assert.Equal([1.5f, 3f, float.PositiveInfinity, float.NegativeInfinity, 0f, 0.1f, 16777216f], Values<float>(tensors["x"]));
    }

    [Fact]
    public void ReadInputs_MinusZero_IntegerZeroButMinusZeroPointZeroKeepsSign()
    {
        var tensors = Read("{\"inputs\": [-0, -0.0]}", FloatInput);

        var values = Values<float>(tensors["x"]);
        Assert.False(float.IsNegative(values[0]));
        Assert.True(float.IsNegative(values[1]));
    }

    [Fact]
    public void Parse_OverflowInIgnoredKey_AcceptedKnownDifference()
    {
        var tensors = Read("{\"ignored\": 1e400, \"inputs\": [1]}", FloatInput);

        Assert.Equal([1f], Values<float>(tensors["x"]));
    }

    [Fact]
    public void ReadInputs_FloatNonFiniteTokens_AcceptedLikeRapidJson()
    {
        var tensors = Read("{\"inputs\": [NaN, Infinity, -Infinity, Inf, -Inf, -NaN]}", FloatInput);

        var values = Values<float>(tensors["x"]);
        Assert.True(float.IsNaN(values[0]));
        Assert.Equal([float.PositiveInfinity, float.NegativeInfinity, float.PositiveInfinity, float.NegativeInfinity], values[1..5]);
        Assert.True(float.IsNaN(values[5]));
    }

    [Fact]
    public void ReadInputs_NonFiniteTokensWithTrailingBytes_Accepted()
    {
        var tensors = Read("{\"instances\": [[NaN, 1], [2, Infinity]]} and then some", Sig(("x", DataType.Double)));

        var values = Values<double>(tensors["x"]);
        Assert.True(double.IsNaN(values[0]));
        Assert.Equal([1.0, 2.0, double.PositiveInfinity], values[1..]);
    }

    [Fact]
    public void ReadInputs_NonFiniteTokenForInteger_TypeErrorShowsToken()
    {
        var error = ReadError("{\"inputs\": [-Infinity]}", Sig(("x", DataType.Int32)));

        Assert.Equal("JSON Value: -Infinity Type: Number is not of expected type: int32", error.Message);
    }

    [Fact]
    public void ReadInputs_NonFiniteTokenLookalikeInString_StaysString()
    {
        var tensors = Read("{\"inputs\": [\"NaN\", \"x NaN Infinity\"], \"other\": NaN}", Sig(("x", DataType.String)));

        Assert.Equal(["NaN", "x NaN Infinity"], tensors["x"].Strings.Select(Encoding.UTF8.GetString));
    }

    [Fact]
    public void ReadInputs_NumberBeyondDouble_ParseErrorNotWrapped()
    {
        var error = ReadError("{\"instances\": [1, 1e400]}", FloatInput);

        Assert.Equal("JSON Parse error: Number too big to be stored in double. at offset: 18", error.Message);
    }

    [Fact]
    public void ReadInputs_NumberBeyondDoubleForInteger_ParseError()
    {
        var error = ReadError("{\"inputs\": [-1e999]}", Sig(("x", DataType.Int64)));

        Assert.Equal("JSON Parse error: Number too big to be stored in double. at offset: 12", error.Message);
    }

    [Fact]
    public void ReadInputs_Double_KeepsFullPrecision()
    {
        var tensors = Read("{\"inputs\": [0.1, 1e300, -2.5e-300, 9007199254740993]}", Sig(("x", DataType.Double)));

        Assert.Equal([0.1, 1e300, -2.5e-300, 9007199254740992.0], Values<double>(tensors["x"]));
    }

    [Fact]
    public void ReadInputs_Half_ConvertedToIeeeHalf()
    {
        var tensors = Read("{\"inputs\": [1.5, 0.1, 65520, -2, NaN]}", Sig(("x", DataType.Half)));

        var values = Values<Half>(tensors["x"]);
        Assert.Equal([(Half)1.5, (Half)0.1, Half.PositiveInfinity, (Half)(-2.0)], values[..4]);
        Assert.True(Half.IsNaN(values[4]));
    }

    [Fact]
    public void ReadInputs_BFloat16_RoundsToNearestEven()
    {
        var tensors = Read("{\"inputs\": [1.0, -3.0, 1.00390625, 1.01171875, 0.1, NaN]}", Sig(("x", DataType.BFloat16)));

        Assert.Equal([(ushort)0x3F80, (ushort)0xC040, (ushort)0x3F80, (ushort)0x3F82, (ushort)0x3DCD, (ushort)0x7FC0], Values<ushort>(tensors["x"]));
    }

    [Fact]
    public void ReadInputs_HalfString_TypeErrorNamesHalf()
    {
        var error = ReadError("{\"inputs\": [\"a\"]}", Sig(("x", DataType.Half)));

        Assert.Equal("JSON Value: \"a\" Type: String is not of expected type: half", error.Message);
    }

    [Fact]
    public void ReadInputs_Int8_NoRangeCheckTruncates()
    {
        var tensors = Read("{\"inputs\": [127, -128, 128, 256, -1, -0]}", Sig(("x", DataType.Int8)));

        Assert.Equal([(sbyte)127, (sbyte)-128, (sbyte)-128, (sbyte)0, (sbyte)-1, (sbyte)0], Values<sbyte>(tensors["x"]));
    }

    [Fact]
    public void ReadInputs_UInt8_NoRangeCheckTruncates()
    {
        var tensors = Read("{\"inputs\": [0, 255, 256, -1]}", Sig(("x", DataType.UInt8)));

        Assert.Equal([(byte)0, (byte)255, (byte)0, (byte)255], Values<byte>(tensors["x"]));
    }

    [Fact]
    public void ReadInputs_Int16_NoRangeCheckTruncates()
    {
        var tensors = Read("{\"inputs\": [-32768, 32767, 70000]}", Sig(("x", DataType.Int16)));

        Assert.Equal([(short)-32768, (short)32767, (short)4464], Values<short>(tensors["x"]));
    }

    [Fact]
    public void ReadInputs_UInt16_NoRangeCheckTruncates()
    {
        var tensors = Read("{\"inputs\": [0, 65535, 65536, -1]}", Sig(("x", DataType.UInt16)));

        Assert.Equal([(ushort)0, (ushort)65535, (ushort)0, (ushort)65535], Values<ushort>(tensors["x"]));
    }

    [Fact]
    public void ReadInputs_Int32Range_Accepted()
    {
        var tensors = Read("{\"inputs\": [-2147483648, 2147483647, 0]}", Sig(("x", DataType.Int32)));

        Assert.Equal([int.MinValue, int.MaxValue, 0], Values<int>(tensors["x"]));
    }

    [Theory]
    [InlineData("int8", DataType.Int8, "2147483648", "2147483648")]
    [InlineData("int32", DataType.Int32, "2147483648", "2147483648")]
    [InlineData("int32", DataType.Int32, "-2147483649", "-2147483649")]
    [InlineData("int32", DataType.Int32, "1.5", "1.5")]
    [InlineData("int32", DataType.Int32, "1.0", "1.0")]
    [InlineData("int32", DataType.Int32, "1e2", "100.0")]
    [InlineData("int16", DataType.Int16, "true", "true")]
    [InlineData("uint8", DataType.UInt8, "\"1\"", "\"1\"")]
    [InlineData("int64", DataType.Int64, "9223372036854775808", "9223372036854775808")]
    [InlineData("int64", DataType.Int64, "1.0", "1.0")]
    [InlineData("uint32", DataType.UInt32, "-1", "-1")]
    [InlineData("uint32", DataType.UInt32, "4294967296", "4294967296")]
    [InlineData("uint64", DataType.UInt64, "-1", "-1")]
    [InlineData("uint64", DataType.UInt64, "18446744073709551616", "18446744073709552000.0")]
    [InlineData("bool", DataType.Bool, "1", "1")]
    [InlineData("bool", DataType.Bool, "0", "0")]
    [InlineData("bool", DataType.Bool, "\"true\"", "\"true\"")]
    [InlineData("float", DataType.Float, "\"a\"", "\"a\"")]
    [InlineData("double", DataType.Double, "false", "false")]
    [InlineData("string", DataType.String, "1", "1")]
    [InlineData("string", DataType.String, "null", "null")]
    public void ReadInputs_WrongJsonType_TypeErrorWithRapidJsonText(string typeName, DataType type, string value, string shown)
    {
        var error = ReadError("{\"inputs\": [" + value + "]}", Sig(("x", type)));

        var jsonType = value switch
        {
            "true" => "True",
            "false" => "False",
            "null" => "Null",
            _ when value.StartsWith('"') => "String",
            _ => "Number",
        };
        Assert.Equal(StatusCode.InvalidArgument, error.Code);
        Assert.Equal($"JSON Value: {shown} Type: {jsonType} is not of expected type: {typeName}", error.Message);
    }

    [Fact]
    public void ReadInputs_ObjectForFloat_TypeErrorShowsObject()
    {
        var error = ReadError("{\"inputs\": [{\"a\": [1, 2]}]}", FloatInput);

        Assert.Equal("JSON Value: {\n    \"a\": [1, 2]\n} Type: Object is not of expected type: float", error.Message);
    }

    [Fact]
    public void ReadInputs_Int64Extremes_Accepted()
    {
        var tensors = Read("{\"inputs\": [-9223372036854775808, 9223372036854775807]}", Sig(("x", DataType.Int64)));

        Assert.Equal([long.MinValue, long.MaxValue], Values<long>(tensors["x"]));
    }

    [Fact]
    public void ReadInputs_UInt32AndUInt64_NonNegativeIncludingMinusZero()
    {
        var tensors = Read("{\"inputs\": {\"a\": [4294967295, -0], \"b\": [18446744073709551615, -0]}}", Sig(("a", DataType.UInt32), ("b", DataType.UInt64)));

        Assert.Equal([uint.MaxValue, 0u], Values<uint>(tensors["a"]));
        Assert.Equal([ulong.MaxValue, 0ul], Values<ulong>(tensors["b"]));
    }

    [Fact]
    public void ReadInputs_Bool_TrueFalseOnly()
    {
        var tensors = Read("{\"instances\": [true, false, true]}", Sig(("x", DataType.Bool)));

        Assert.Equal([true, false, true], Values<bool>(tensors["x"]));
    }

    [Fact]
    public void ReadInputs_Strings_Utf8BytesWithEscapesResolved()
    {
        var tensors = Read("{\"inputs\": [\"plain\", \"é\\u00e9\\n\\\"\\/\", \"\\ud83d\\ude00\", \"\"]}", Sig(("x", DataType.String)));

        var strings = tensors["x"].Strings;
        Assert.Equal("plain"u8.ToArray(), strings[0]);
        Assert.Equal("éé\n\"/"u8.ToArray(), strings[1]);
        Assert.Equal("😀"u8.ToArray(), strings[2]);
        Assert.Empty(strings[3]);
    }

    [Fact]
    public void ReadInputs_StringWithInvalidUtf8_BytesKeptAsIs()
    {
        var body = Encoding.UTF8.GetBytes("{\"inputs\": [\"a?b\"]}");
        body[Array.IndexOf(body, (byte)'?')] = 0xFF;

        using var request = PredictJsonRequest.Parse(body);
        var tensors = request.ReadInputs(Sig(("x", DataType.String)));

        Assert.Equal(new byte[] { (byte)'a', 0xFF, (byte)'b' }, tensors["x"].Strings[0]);
    }

    [Fact]
    public void ReadInputs_Base64Objects_DecodedLikeAbseil()
    {
        var tensors = Read(
            "{\"inputs\": [{\"b64\": \"aGVsbG8=\"}, {\"b64\": \"aGVsbG8\"}, {\"b64\": \" aGVs\\nbG8= \"}, {\"b64\": \"\"}, {\"b64\": \"/w==\"}, {\"b64\": \"\\/w==\"}]}",
            Sig(("x", DataType.String)));

        var strings = tensors["x"].Strings;
        Assert.Equal("hello"u8.ToArray(), strings[0]);
        Assert.Equal("hello"u8.ToArray(), strings[1]);
        Assert.Equal("hello"u8.ToArray(), strings[2]);
        Assert.Empty(strings[3]);
        Assert.Equal(new byte[] { 0xFF }, strings[4]);
        Assert.Equal(new byte[] { 0xFF }, strings[5]);
    }

    [Theory]
    [InlineData("!!!!")]
    [InlineData("aGVsbG8==")]
    [InlineData("a")]
    [InlineData("aGk=aGk=")]
    [InlineData("aGVsbG8=x")]
    public void ReadInputs_BadBase64_UnableToDecode(string text)
    {
        var error = ReadError("{\"inputs\": [{\"b64\": \"" + text + "\"}]}", Sig(("x", DataType.String)));

        Assert.Equal(StatusCode.InvalidArgument, error.Code);
        Assert.Equal("Unable to base64 decode", error.Message);
    }

    [Fact]
    public void ReadInputs_BadBase64InInstance_Wrapped()
    {
        var error = ReadError("{\"instances\": [{\"b64\": \"!\"}]}", Sig(("x", DataType.String)));

        Assert.Equal("Failed to process element: 0 of 'instances' list. Error: INVALID_ARGUMENT: Unable to base64 decode", error.Message);
    }

    [Theory]
    [InlineData("{\"x\": 1}", "{\n    \"x\": 1\n}")]
    [InlineData("{\"b64\": 1}", "{\n    \"b64\": 1\n}")]
    [InlineData("{\"b64\": \"AA==\", \"c\": 1}", "{\n    \"b64\": \"AA==\",\n    \"c\": 1\n}")]
    [InlineData("{}", "{}")]
    public void ReadInputs_ObjectNotBase64ForString_NotFormattedForBase64(string value, string shown)
    {
        var error = ReadError("{\"inputs\": [" + value + "]}", Sig(("x", DataType.String)));

        Assert.Equal($"JSON Value: {shown} not formatted correctly for base64 data", error.Message);
    }

    [Fact]
    public void ReadInputs_ObjectInsideListRendering_NestedIndent()
    {
        var error = ReadError("{\"inputs\": [[{\"a\": [1, {\"b\": 2}]}]]}", FloatInput);

        Assert.Equal("JSON Value: {\n    \"a\": [1, {\n            \"b\": 2\n        }]\n} Type: Object is not of expected type: float", error.Message);
    }

    [Fact]
    public void ReadInputs_NumbersInErrorText_PrintedLikeRapidJson()
    {
        var error = ReadError("{\"signature_name\": 0, \"v\": [1.50, 100.0, 1e-7, 1E21, 0.000001, 123456789012345678, -0, -0.0, 2.5e3]}", FloatInput, parseOnly: true);

        Assert.Equal(
            "JSON Value: {\n    \"signature_name\": 0,\n    \"v\": [1.5, 100.0, 1e-7, 1e21, 0.000001, 123456789012345678, 0, -0.0, 2500.0]\n} not formatted correctly. 'signature_name' key must be a string value.",
            error.Message);
    }

    private static Signature Sig(params (string Alias, DataType Type)[] inputs) =>
        new(
            Signature.DefaultKey,
            Signature.PredictMethod,
            inputs.ToDictionary(i => i.Alias, i => new TensorSpec(i.Alias + ":0", i.Type, null)),
            new Dictionary<string, TensorSpec>());

    private static Dictionary<string, Tensor> Read(string json, Signature signature) => Read(Encoding.UTF8.GetBytes(json), signature);

    private static Dictionary<string, Tensor> Read(byte[] body, Signature signature)
    {
        using var request = PredictJsonRequest.Parse(body);
        return request.ReadInputs(signature);
    }

    private static ServingException ReadError(string json, Signature signature, bool parseOnly = false) =>
        parseOnly ? ParseError(Encoding.UTF8.GetBytes(json)) : Assert.Throws<ServingException>(() => Read(json, signature));

    private static ServingException ParseError(byte[] body) =>
        Assert.Throws<ServingException>(() => PredictJsonRequest.Parse(body).Dispose());

    private static T[] Values<T>(Tensor tensor)
        where T : unmanaged => tensor.AsSpan<T>().ToArray();
}

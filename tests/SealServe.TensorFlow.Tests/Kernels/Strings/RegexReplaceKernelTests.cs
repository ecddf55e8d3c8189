using SealServe.Core.Errors;
using SealServe.Core.Tensors;
using SealServe.TensorFlow.Tests.Translation;
using static SealServe.TensorFlow.Tests.Kernels.KernelRun;

namespace SealServe.TensorFlow.Tests.Kernels.Strings;

/// <summary>tf.strings.regex_replace: RE2 patterns and rewrites (StaticRegexReplace when both are constants, RegexReplace otherwise).</summary>
public sealed class RegexReplaceKernelTests
{
    /// <summary>Keras TextVectorization's default standardization strips this punctuation class.</summary>
    private const string KerasPunctuation = "[!\"#$%&()\\*\\+,-\\./:;<=>?@\\[\\\\\\]^_`{|}~']";

    [Theory]
    [InlineData("Text with tags.<br /><b>contains html</b>", "<[^>]+>", " ", true, "Text with tags.  contains html ")]
    [InlineData("aaa bbb", "a", "x", false, "xaa bbb")]
    [InlineData("Hello, World! It's [fine].", KerasPunctuation, "", true, "Hello World Its fine")]
    [InlineData("2023-10-05", @"(\d+)-(\d+)-(\d+)", @"\3/\2/\1", true, "05/10/2023")]
    [InlineData("x1y2", @"\d", @"<\0>", true, "x<1>y<2>")]
    [InlineData("a\\b", @"\\", @"\\\\", true, "a\\\\b")]
    [InlineData("line\n", "e$", "E", true, "line\n")]
    [InlineData("[[:digit:]]", "[[:digit:]]", "", true, "[[:digit:]]")]
    [InlineData("a1b22", "[[:digit:]]+", "#", true, "a#b#")]
    [InlineData("٣3", @"\d", "#", true, "٣#")]
    public void StaticRegexReplace_Re2Semantics(string input, string pattern, string rewrite, bool global, string expected)
    {
        var graph = new TfGraphBuilder();
        graph.Op("StaticRegexReplace", "y", [graph.Placeholder("x", DataType.String, -1)],
            ("pattern", TfGraphBuilder.Str(pattern)), ("rewrite", TfGraphBuilder.Str(rewrite)), ("replace_global", TfGraphBuilder.Bool(global)));

        var y = Run(graph, "y", 1, ("x:0", StringTensor(input)))[0];

        Assert.Equal([expected], Text(y));
    }

    [Fact]
    public void RegexReplace_PatternFedAtRunTime_CompilesItPerRun()
    {
        var graph = new TfGraphBuilder();
        graph.Op("RegexReplace", "y", [graph.Placeholder("x", DataType.String, -1), graph.Placeholder("p", DataType.String, []), graph.Const("r", StringConstant("-"))]);

        var y = Run(graph, "y", 1, ("x:0", StringTensor("a.b.c", "abc")), ("p:0", Scalar(@"\.")))[0];
        var error = Assert.Throws<ServingException>(() => Run(graph, "y", 1, ("x:0", StringTensor("a")), ("p:0", Scalar("(unclosed"))));

        Assert.Equal(["a-b-c", "abc"], Text(y));
        Assert.StartsWith("Invalid pattern: (unclosed, error: ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("(a)", @"\2", "Rewrite schema requests 2 matches, but the regexp only has 1 parenthesized subexpressions.")]
    [InlineData("a", @"x\", "Rewrite schema error: '\\' not allowed at end.")]
    public void StaticRegexReplace_BadRewrite_FailsTheLoadNamingTheNode(string pattern, string rewrite, string reason)
    {
        var graph = new TfGraphBuilder();
        graph.Op("StaticRegexReplace", "y", [graph.Placeholder("x", DataType.String, -1)], ("pattern", TfGraphBuilder.Str(pattern)), ("rewrite", TfGraphBuilder.Str(rewrite)));

        var error = Assert.Throws<ServingException>(() => Run(graph, "y", 1));

        Assert.Contains($"Cannot run node 'y' (StaticRegexReplace): Invalid rewrite pattern: {rewrite}, error: {reason}", error.Message, StringComparison.Ordinal);
    }
}

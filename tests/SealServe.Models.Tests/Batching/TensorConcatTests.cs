using System.Text;
using SealServe.Core.Tensors;
using SealServe.Models.Batching;

namespace SealServe.Models.Tests.Batching;

public sealed class TensorConcatTests
{
    [Fact]
    public void CopyRows_NarrowerInnerDimension_PaddedWithFirstElement()
    {
        using var source = Tensor.FromValues(new TensorShape(2, 2), 7f, 8f, 9f, 10f);
        using var target = Tensor.Allocate(DataType.Float, new TensorShape(3, 3));

        TensorConcat.CopyRows(source, target, row: 1);

        Assert.Equal([0f, 0f, 0f, 7f, 8f, 7f, 9f, 10f, 7f], target.AsSpan<float>().ToArray());
    }

    [Fact]
    public void CopyRows_Rank3_PadsEveryInnerDimension()
    {
        using var source = Tensor.FromValues(new TensorShape(1, 2, 2), 1, 2, 3, 4);
        using var target = Tensor.Allocate(DataType.Int32, new TensorShape(1, 3, 3));

        TensorConcat.CopyRows(source, target, row: 0);

        Assert.Equal([1, 2, 1, 3, 4, 1, 1, 1, 1], target.AsSpan<int>().ToArray());
    }

    [Fact]
    public void CopyRows_Strings_PaddedWithFirstString()
    {
        using var source = Tensor.CreateStrings(new TensorShape(1, 2), [Utf8("a"), Utf8("b")]);
        using var target = Tensor.CreateStrings(new TensorShape(1, 3), new byte[3][]);

        TensorConcat.CopyRows(source, target, row: 0);

        Assert.Equal(["a", "b", "a"], target.Strings.Select(Encoding.UTF8.GetString));
    }

    [Fact]
    public void Join_Pieces_ConcatenatedAlongDimensionZero()
    {
        Tensor[][] pieces =
        [
            [Tensor.FromValues(new TensorShape(1, 2), 1f, 2f), Tensor.CreateStrings(new TensorShape(1), [Utf8("x")])],
            [Tensor.FromValues(new TensorShape(2, 2), 3f, 4f, 5f, 6f), Tensor.CreateStrings(new TensorShape(2), [Utf8("y"), Utf8("z")])],
        ];

        var joined = TensorConcat.Join(pieces);

        Assert.Equal(new TensorShape(3, 2), joined[0].Shape);
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f], joined[0].AsSpan<float>().ToArray());
        Assert.Equal(["x", "y", "z"], joined[1].Strings.Select(Encoding.UTF8.GetString));
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}

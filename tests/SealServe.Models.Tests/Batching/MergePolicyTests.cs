using SealServe.Models.Batching;

namespace SealServe.Models.Tests.Batching;

public sealed class MergePolicyTests
{
    private static readonly int[] Sizes = [1, 2, 4, 8];

    [Fact]
    public void MaxMergeRows_GemmBoundModelGainingAtEverySize_MergesUpToTheConfiguredMaximum()
    {
        // The wide MLP's shape on the 2-core machine: 4 × more items per second at 8 rows than at 1.
        var seconds = Rounds([0.0040, 0.0045, 0.0060, 0.0080]);

        var gains = MergePolicy.Gains(Sizes, seconds);

        Assert.Equal([1, 1.78, 2.67, 4], gains.Select(g => Math.Round(g, 2)));
        Assert.Equal(64, MergePolicy.MaxMergeRows(Sizes, gains, maxRows: 64));
    }

    [Fact]
    public void MaxMergeRows_ConvolutionalModelWithoutGain_RunsAlone()
    {
        // squeezenet1_1 on this CPU: items per second barely change with the batch size.
        var seconds = Rounds([0.0070, 0.0138, 0.0272, 0.0540]);

        Assert.Equal(1, MergePolicy.MaxMergeRows(Sizes, MergePolicy.Gains(Sizes, seconds), maxRows: 8));
    }

    [Fact]
    public void MaxMergeRows_GainOnlyUpToFourRows_CapsAtFour()
    {
        var seconds = Rounds([0.0040, 0.0050, 0.0080, 0.0300]);

        Assert.Equal(4, MergePolicy.MaxMergeRows(Sizes, MergePolicy.Gains(Sizes, seconds), maxRows: 8));
    }

    [Fact]
    public void Gains_FourOfFiveRoundsSlowedOnTheBatchSide_AModelGainingFourTimesStillMerges()
    {
        // A noisy probe: the batch runs of four rounds were descheduled for ten times their length.
        var seconds = Rounds([0.0040, 0.0045, 0.0060, 0.0080]);
        for (var r = 1; r < seconds.Length; r++)
        {
            seconds[r] = [0.0040, 0.045, 0.060, 0.080];
        }

        var gains = MergePolicy.Gains(Sizes, seconds);

        Assert.InRange(gains[3], 3.9, 4.1);
        Assert.Equal(8, MergePolicy.MaxMergeRows(Sizes, gains, maxRows: 8));
    }

    [Fact]
    public void Gains_LoadChangingBetweenRounds_TheFastestRunsDecide()
    {
        var seconds = Rounds([0.0040, 0.0045, 0.0060, 0.0080]);
        for (var r = 0; r < seconds.Length; r++)
        {
            seconds[r] = [.. seconds[r].Select(s => s * (r + 1) * 3)];
        }

        Assert.InRange(MergePolicy.Gains(Sizes, seconds)[3], 3.99, 4.01);
    }

    [Fact]
    public void Gains_NoGainButBatchOneRunsSlowedInMostRounds_StillRunsAlone()
    {
        // squeezenet1_1 under load: runs of one row wait on a descheduled operator thread more often than runs of many.
        var seconds = Rounds([0.0070, 0.0138, 0.0272, 0.0540]);
        for (var r = 0; r < 4; r++)
        {
            seconds[r][0] = 0.0110;
        }

        Assert.Equal(1, MergePolicy.MaxMergeRows(Sizes, MergePolicy.Gains(Sizes, seconds), maxRows: 8));
    }

    [Fact]
    public void MaxMergeRows_GainJustBelowThreshold_RunsAlone()
    {
        var seconds = Rounds([0.0100, 0.0170, 0.0340, 0.0680]);

        Assert.Equal(1, MergePolicy.MaxMergeRows(Sizes, MergePolicy.Gains(Sizes, seconds), maxRows: 8));
    }

    [Theory]
    [InlineData(8, "", "1,2,4,8")]
    [InlineData(1000, "", "1,2,4,8,16")]
    [InlineData(12, "", "1,2,4,8,12")]
    [InlineData(1, "", "1")]
    [InlineData(64, "4,16,64", "1,4,16")]
    [InlineData(64, "32,64", "1,32")]
    [InlineData(8, "1,8", "1,8")]
    public void ProbeSizes_FromTheBatchLimits(int maxRows, string allowed, string expected)
    {
        var allowedSizes = allowed.Length == 0 ? [] : allowed.Split(',').Select(long.Parse).ToArray();

        Assert.Equal(expected, string.Join(",", MergePolicy.ProbeSizes(maxRows, allowedSizes)));
    }

    /// <summary>Five rounds with the same run times.</summary>
    private static double[][] Rounds(double[] seconds) => [.. Enumerable.Range(0, 5).Select(_ => seconds.ToArray())];
}

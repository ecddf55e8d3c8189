namespace SealServe.LoadTest.Suite;

/// <summary>Medians and number formatting for the report.</summary>
internal static class Stats
{
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    public static string Format(double value, string format) =>
        double.IsNaN(value) ? "–" : value.ToString(format, System.Globalization.CultureInfo.InvariantCulture);
}

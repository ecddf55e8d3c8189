using System.Globalization;
using System.Text;

namespace SealServe.Server.Monitoring;

/// <summary>
/// TF Serving's Prometheus page: per metric a <c># TYPE</c> line, then one line per label set; histograms as cumulative
/// <c>_bucket</c> lines ending with <c>le="+Inf"</c>, then <c>_sum</c> and <c>_count</c>. Names follow TF Serving's
/// rule (every character outside <c>[a-zA-Z0-9_]</c> becomes <c>:</c>, so <c>/tensorflow/serving/request_count</c> is
/// <c>:tensorflow:serving:request_count</c>); bucket bounds are printed as TF Serving prints them (six significant
/// digits), so <c>le</c> values match. Sums are printed exactly (TF Serving rounds them to six digits).
/// </summary>
internal static class PrometheusText
{
    public static string Format(IEnumerable<MetricSeries> series)
    {
        var page = new StringBuilder();
        foreach (var metric in series)
        {
            var name = MetricName(metric.Name);
            page.Append("# TYPE ").Append(name).Append(' ').Append(metric.Kind switch
            {
                MetricKind.Counter => "counter",
                MetricKind.Gauge => "gauge",
                _ => "histogram",
            }).Append('\n');
            foreach (var cell in metric.Cells)
            {
                if (metric.Kind == MetricKind.Histogram)
                {
                    AppendHistogram(page, name, metric.Bounds, cell);
                }
                else
                {
                    AppendLine(page, name, cell.Labels, null, Number(cell.Value));
                }
            }
        }

        return page.ToString();
    }

    /// <summary>TF Serving's <c>GetPrometheusMetricName</c>.</summary>
    public static string MetricName(string descriptor)
    {
        var name = string.Create(descriptor.Length, descriptor, static (span, text) =>
        {
            for (var i = 0; i < text.Length; i++)
            {
                span[i] = char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_' ? text[i] : ':';
            }
        });
        return name.Length > 0 && char.IsAsciiDigit(name[0]) ? "_" + name : name;
    }

    /// <summary>A double as absl's <c>StrCat</c> prints it: <c>%g</c> with six significant digits.</summary>
    public static string SixDigits(double value) =>
        value.ToString("G6", CultureInfo.InvariantCulture).Replace("E", "e", StringComparison.Ordinal);

    private static void AppendHistogram(StringBuilder page, string name, double[] bounds, MetricCell cell)
    {
        var buckets = cell.Buckets;
        long cumulative = 0;
        for (var i = 0; i < buckets.Length; i++)
        {
            cumulative += buckets[i];
            AppendLine(page, name + "_bucket", cell.Labels, i < bounds.Length ? SixDigits(bounds[i]) : "+Inf", cumulative.ToString(CultureInfo.InvariantCulture));
        }

        AppendLine(page, name + "_sum", cell.Labels, null, Number(cell.Value));
        AppendLine(page, name + "_count", cell.Labels, null, cumulative.ToString(CultureInfo.InvariantCulture));
    }

    private static void AppendLine(StringBuilder page, string name, KeyValuePair<string, string>[] labels, string? le, string value)
    {
        page.Append(name).Append('{');
        for (var i = 0; i < labels.Length; i++)
        {
            page.Append(i > 0 ? "," : string.Empty).Append(LabelName(labels[i].Key)).Append("=\"").Append(Escape(labels[i].Value)).Append('"');
        }

        if (le is not null)
        {
            page.Append(labels.Length > 0 ? "," : string.Empty).Append("le=\"").Append(le).Append('"');
        }

        page.Append("} ").Append(value).Append('\n');
    }

    private static string LabelName(string name)
    {
        var sanitized = new string(name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
        return sanitized.Length > 0 && char.IsAsciiDigit(sanitized[0]) ? "_" + sanitized : sanitized;
    }

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}

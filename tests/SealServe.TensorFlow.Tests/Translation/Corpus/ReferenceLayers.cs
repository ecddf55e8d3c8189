namespace SealServe.TensorFlow.Tests.Translation.Corpus;

/// <summary>Keras layers written out, to compute what a translated Keras model must output.</summary>
internal static class ReferenceLayers
{
    /// <summary>x [batch, in] · kernel [in, out] + bias, then the activation.</summary>
    public static float[] Dense(float[] x, int batch, float[] kernel, float[] bias, Func<float, float>? activation = null)
    {
        var (input, output) = (kernel.Length / bias.Length, bias.Length);
        var y = new float[batch * output];
        for (var b = 0; b < batch; b++)
        {
            for (var o = 0; o < output; o++)
            {
                var sum = bias[o];
                for (var i = 0; i < input; i++)
                {
                    sum += x[(b * input) + i] * kernel[(i * output) + o];
                }

                y[(b * output) + o] = activation is null ? sum : activation(sum);
            }
        }

        return y;
    }

    public static float Relu(float x) => MathF.Max(x, 0);

    public static float Sigmoid(float x) => 1 / (1 + MathF.Exp(-x));

    public static float[] Softmax(float[] x, int batch)
    {
        var width = x.Length / batch;
        return [.. Enumerable.Range(0, batch).SelectMany(b =>
        {
            var row = x.Skip(b * width).Take(width).ToArray();
            var max = row.Max();
            var e = row.Select(v => MathF.Exp(v - max)).ToArray();
            return e.Select(v => v / e.Sum());
        })];
    }

    /// <summary>Keras LSTM (gates i, f, c, o; tanh and sigmoid) over x [batch, time, in], zero initial state; the last h [batch, units].</summary>
    public static float[] Lstm(float[] x, int batch, int time, float[] kernel, float[] recurrent, float[] bias)
    {
        var units = bias.Length / 4;
        var input = kernel.Length / (4 * units);
        var (h, c) = (new float[batch * units], new float[batch * units]);
        for (var t = 0; t < time; t++)
        {
            var step = Enumerable.Range(0, batch).SelectMany(b => x.Skip(((b * time) + t) * input).Take(input)).ToArray();
            var z = Dense(step, batch, kernel, bias);
            var r = Dense(h, batch, recurrent, new float[4 * units]);
            for (var b = 0; b < batch; b++)
            {
                for (var u = 0; u < units; u++)
                {
                    float Gate(int g) => z[(b * 4 * units) + (g * units) + u] + r[(b * 4 * units) + (g * units) + u];
                    var k = (b * units) + u;
                    c[k] = (Sigmoid(Gate(1)) * c[k]) + (Sigmoid(Gate(0)) * MathF.Tanh(Gate(2)));
                    h[k] = Sigmoid(Gate(3)) * MathF.Tanh(c[k]);
                }
            }
        }

        return h;
    }
}

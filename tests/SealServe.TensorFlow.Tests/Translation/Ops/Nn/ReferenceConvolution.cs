namespace SealServe.TensorFlow.Tests.Translation.Ops.Nn;

/// <summary>TF's NHWC convolution and pooling written out loop by loop, to compare translated graphs against.</summary>
internal static class ReferenceConvolution
{
    /// <summary>TF's output size and leading pad for one spatial dimension (SAME pads the odd pixel at the end).</summary>
    public static (int Size, int PadBefore) Window(int input, int kernel, int stride, int dilation, bool same)
    {
        var effective = ((kernel - 1) * dilation) + 1;
        if (!same)
        {
            return (((input - effective) / stride) + 1, 0);
        }

        var size = (input + stride - 1) / stride;
        var total = System.Math.Max(((size - 1) * stride) + effective - input, 0);
        return (size, total / 2);
    }

    /// <summary>x [1, H, W, C] ⊛ filter [KH, KW, C, O] (HWIO), NHWC output; <paramref name="depthwise"/> reads the filter as [KH, KW, C, M].</summary>
    public static float[] Conv2D(float[] x, int h, int w, int c, float[] filter, int kh, int kw, int o, int stride, int dilation, bool same, bool depthwise = false)
    {
        var (oh, top) = Window(h, kh, stride, dilation, same);
        var (ow, left) = Window(w, kw, stride, dilation, same);
        var outChannels = depthwise ? c * o : o;
        var result = new float[oh * ow * outChannels];
        for (var y = 0; y < oh; y++)
        {
            for (var xw = 0; xw < ow; xw++)
            {
                for (var oc = 0; oc < outChannels; oc++)
                {
                    float sum = 0;
                    for (var i = 0; i < kh; i++)
                    {
                        for (var j = 0; j < kw; j++)
                        {
                            var (row, column) = ((y * stride) + (i * dilation) - top, (xw * stride) + (j * dilation) - left);
                            if (row < 0 || row >= h || column < 0 || column >= w)
                            {
                                continue;
                            }

                            if (depthwise)
                            {
                                var (ic, m) = (oc / o, oc % o);
                                sum += x[(((row * w) + column) * c) + ic] * filter[(((((i * kw) + j) * c) + ic) * o) + m];
                                continue;
                            }

                            for (var ic = 0; ic < c; ic++)
                            {
                                sum += x[(((row * w) + column) * c) + ic] * filter[(((((i * kw) + j) * c) + ic) * o) + oc];
                            }
                        }
                    }

                    result[(((y * ow) + xw) * outChannels) + oc] = sum;
                }
            }
        }

        return result;
    }

    /// <summary>Max or average pooling of x [1, H, W, C] (NHWC); averages count only the pixels inside the input.</summary>
    public static float[] Pool(float[] x, int h, int w, int c, int k, int stride, bool same, bool max)
    {
        var (oh, top) = Window(h, k, stride, 1, same);
        var (ow, left) = Window(w, k, stride, 1, same);
        var result = new float[oh * ow * c];
        for (var y = 0; y < oh; y++)
        {
            for (var xw = 0; xw < ow; xw++)
            {
                for (var ch = 0; ch < c; ch++)
                {
                    var values = new List<float>();
                    for (var i = 0; i < k; i++)
                    {
                        for (var j = 0; j < k; j++)
                        {
                            var (row, column) = ((y * stride) + i - top, (xw * stride) + j - left);
                            if (row >= 0 && row < h && column >= 0 && column < w)
                            {
                                values.Add(x[(((row * w) + column) * c) + ch]);
                            }
                        }
                    }

                    result[(((y * ow) + xw) * c) + ch] = max ? values.Max() : values.Average();
                }
            }
        }

        return result;
    }

    public static float[] Ramp(int count, float scale = 0.1f) => [.. Enumerable.Range(0, count).Select(i => ((i % 7) - 3) * scale)];
}

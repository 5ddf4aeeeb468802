using System;

namespace LockFirmware.Simulator.Plant;

/// <summary>A function given as points (x ascending) joined by straight lines, held flat beyond the ends.</summary>
public sealed class PiecewiseLinear
{
    private readonly double[] _xs;
    private readonly double[] _ys;

    /// <summary>Creates the function from alternating x, y values; x must ascend.</summary>
    public PiecewiseLinear(params double[] xy)
    {
        if (xy.Length < 4 || xy.Length % 2 != 0)
        {
            throw new ArgumentException("need at least two (x, y) pairs", nameof(xy));
        }
        int n = xy.Length / 2;
        _xs = new double[n];
        _ys = new double[n];
        for (int i = 0; i < n; i++)
        {
            _xs[i] = xy[2 * i];
            _ys[i] = xy[2 * i + 1];
            if (i > 0 && _xs[i] <= _xs[i - 1])
            {
                throw new ArgumentException("x values must ascend", nameof(xy));
            }
        }
    }

    /// <summary>The value at <paramref name="x"/>.</summary>
    public double At(double x)
    {
        double[] xs = _xs;
        if (x <= xs[0])
        {
            return _ys[0];
        }
        int last = xs.Length - 1;
        if (x >= xs[last])
        {
            return _ys[last];
        }
        int i = 1;
        while (x > xs[i])
        {
            i++;
        }
        double x0 = xs[i - 1];
        double y0 = _ys[i - 1];
        return y0 + (_ys[i] - y0) * (x - x0) / (xs[i] - x0);
    }
}

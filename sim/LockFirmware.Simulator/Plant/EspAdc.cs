using System;

namespace LockFirmware.Simulator.Plant;

/// <summary>
/// One ESP32 SAR ADC (ADC1) at 11 dB attenuation, 12 bits, with per-chip characteristics drawn from a seed:
/// <list type="bullet">
/// <item>Reference: the internal Vref varies 1000-1200 mV between chips (ESP32 datasheet / ESP-IDF ADC
/// calibration notes); full scale is Vref x 3.55 (BoardConfig.AdcFullScaleMillivolts: 3900 mV at 1100 mV).</item>
/// <item>Dead zone: inputs below about 100-150 mV read 0 at 11 dB (ESP-IDF: useful range 150-2450 mV).</item>
/// <item>Non-linearity: ESP32 datasheet INL +-12 LSB, DNL +-7 LSB. Modelled as a smooth bow (capacitor-array
/// gain curvature) plus a step offset for each 128-code segment (capacitor mismatch at the major carries),
/// whose jumps make the DNL spikes.</item>
/// <item>Noise: Gaussian, about 3 LSB rms (the ESP32 ADC's raw readings typically scatter +-5-10 codes).</item>
/// <item>Output clipped to 0..4095.</item>
/// </list>
/// Not modelled: the extra compression above about 2.45-2.6 V that real ESP32s show at 11 dB, and source-
/// impedance errors of the 67 kOhm divider tap.
/// </summary>
public sealed class EspAdc
{
    /// <summary>Highest code.</summary>
    public const int MaxCounts = 4095;

    private const int SegmentCodes = 128;
    private readonly double[] _segmentOffset = new double[(MaxCounts + 1) / SegmentCodes];
    private readonly double[] _inlTable = new double[MaxCounts + 1];
    private readonly double _bowLsb;
    private readonly double _rippleLsb;
    private readonly double _ripplePhase;
    private readonly double _fullScaleMillivolts; // cached: every conversion divides by it

    /// <summary>Draws one chip's characteristics from <paramref name="unit"/>.</summary>
    public EspAdc(Random unit)
    {
        VrefMillivolts = 1000.0 + 200.0 * unit.NextDouble();
        DeadZoneMillivolts = 100.0 + 50.0 * unit.NextDouble();
        _fullScaleMillivolts = 3900.0 * VrefMillivolts / 1100.0;
        _bowLsb = (unit.NextDouble() < 0.5 ? -1 : 1) * (3.0 + 3.5 * unit.NextDouble()); // bow + ripple + segment stay within +-12 LSB
        _rippleLsb = 1.0 + 1.0 * unit.NextDouble();
        _ripplePhase = 2 * Math.PI * unit.NextDouble();
        for (int i = 0; i < _segmentOffset.Length; i++)
        {
            _segmentOffset[i] = -3.5 + 7.0 * unit.NextDouble();
        }
        for (int code = 0; code <= MaxCounts; code++)
        {
            _inlTable[code] = InlLsb(code);
        }
    }

    /// <summary>This chip's internal reference, mV.</summary>
    public double VrefMillivolts { get; }

    /// <summary>Input voltage below which this chip reads 0, mV.</summary>
    public double DeadZoneMillivolts { get; }

    /// <summary>Noise standard deviation, LSB.</summary>
    public double NoiseLsb { get; init; } = 3.0;

    /// <summary>This chip's full-scale input, mV (Vref x 3.55).</summary>
    public double FullScaleMillivolts => _fullScaleMillivolts;

    /// <summary>The code an ideal, noise-free converter with this chip's reference would give.</summary>
    public double IdealCode(double millivolts) => millivolts / _fullScaleMillivolts * MaxCounts;

    /// <summary>Integral non-linearity at a code, LSB.</summary>
    public double InlLsb(double code)
    {
        double u = code / MaxCounts;
        if (u < 0)
        {
            u = 0;
        }
        else if (u > 1)
        {
            u = 1;
        }
        int segment = (int)(code / SegmentCodes);
        if (segment < 0)
        {
            segment = 0;
        }
        else if (segment >= _segmentOffset.Length)
        {
            segment = _segmentOffset.Length - 1;
        }
        return _bowLsb * Math.Sin(Math.PI * u) + _rippleLsb * Math.Sin(6 * Math.PI * u + _ripplePhase)
            + _segmentOffset[segment];
    }

    /// <summary>One conversion of <paramref name="millivolts"/> with noise drawn from <paramref name="noise"/>.</summary>
    public int Convert(double millivolts, GaussianNoise noise)
    {
        if (millivolts < DeadZoneMillivolts)
        {
            return 0;
        }
        double code = IdealCode(millivolts);
        int index = code <= 0 ? 0 : (code >= MaxCounts ? MaxCounts : (int)code);
        code += _inlTable[index] + NoiseLsb * noise.Next();
        int counts = (int)Math.Round(code);
        return counts < 0 ? 0 : (counts > MaxCounts ? MaxCounts : counts);
    }
}

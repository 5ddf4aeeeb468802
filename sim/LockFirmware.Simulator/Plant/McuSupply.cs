namespace LockFirmware.Simulator.Plant;

/// <summary>
/// The 3.3 V low-dropout regulator feeding the ESP32, and the ESP32's brown-out detector.
/// <para>
/// Regulator: Microchip MCP1703A-3302 (datasheet DS25122: input 2.7-16 V, 250 mA, dropout 625 mV typical at
/// 250 mA, so about 2.5 Ohm in dropout; quiescent current 2.0 uA typical, 5 uA maximum). In dropout the output
/// follows the input less I x 2.5 Ohm. Its input current is the load current plus the quiescent current. It
/// replaced the AP2112K-3.3 (55 uA quiescent, more than five deep-sleeping ESP32s, and 6 V maximum input, below
/// a fresh 4 x Li-FeS2 pack's 7.2 V).
/// </para>
/// <para>
/// Brown-out: the ESP32's detector resets the chip when its supply falls below 2.43 V (ESP-IDF default
/// brown-out level 0). It restarts once the supply has been back above 3.0 V (the ESP32 datasheet's minimum
/// recommended VDD) for the EN pin's RC delay (DevKitC: 10 kOhm x 1 uF = 10 ms). So the pack must sag below
/// about 2.45 V to reset the MCU, and recover above about 3.0 V for it to restart.
/// </para>
/// </summary>
public sealed class McuSupply
{
    private double _aboveRestartSince = double.NaN;

    /// <summary>Regulated output, volts.</summary>
    public double NominalVolts { get; init; } = 3.3;

    /// <summary>Dropout resistance, ohms (625 mV at 250 mA).</summary>
    public double DropoutOhms { get; init; } = 0.625 / 0.25;

    /// <summary>Regulator quiescent current, amps.</summary>
    public double QuiescentAmps { get; init; } = 2e-6;

    /// <summary>Brown-out reset threshold on the 3.3 V rail, volts.</summary>
    public double BrownOutVolts { get; init; } = 2.43;

    /// <summary>Rail voltage the MCU needs to (re)start, volts.</summary>
    public double RestartVolts { get; init; } = 3.0;

    /// <summary>Time the rail must stay above <see cref="RestartVolts"/> before the MCU runs, seconds.</summary>
    public double RestartDelaySeconds { get; init; } = 0.010;

    /// <summary>Present output voltage, volts.</summary>
    public double OutputVolts { get; private set; }

    /// <summary>True while the MCU is running (not held in reset by brown-out or missing power).</summary>
    public bool McuPowered { get; private set; }

    /// <summary>Number of brown-out resets so far.</summary>
    public int BrownOuts { get; private set; }

    /// <summary>Number of times the MCU has started (power-on or recovery).</summary>
    public int Starts { get; private set; }

    /// <summary>Regulator output for an input voltage and load current.</summary>
    public double Output(double inputVolts, double loadAmps)
    {
        double v = inputVolts - loadAmps * DropoutOhms;
        if (v > NominalVolts)
        {
            v = NominalVolts;
        }
        return v < 0 ? 0 : v;
    }

    /// <summary>Updates the rail and the MCU's run state at time <paramref name="now"/>.</summary>
    /// <returns>True when the MCU's run state changed.</returns>
    public bool Update(double inputVolts, double loadAmps, double now)
    {
        OutputVolts = Output(inputVolts, loadAmps);
        if (McuPowered)
        {
            if (OutputVolts < BrownOutVolts)
            {
                McuPowered = false;
                BrownOuts++;
                _aboveRestartSince = double.NaN;
                return true;
            }
            return false;
        }
        if (OutputVolts >= RestartVolts)
        {
            if (double.IsNaN(_aboveRestartSince))
            {
                _aboveRestartSince = now;
            }
            if (now - _aboveRestartSince >= RestartDelaySeconds - 1e-12)
            {
                McuPowered = true;
                Starts++;
                _aboveRestartSince = double.NaN;
                return true;
            }
        }
        else
        {
            _aboveRestartSince = double.NaN;
        }
        return false;
    }

    /// <summary>Removes power at once (pack pulled or cut); not counted as a brown-out.</summary>
    public void PowerLost()
    {
        McuPowered = false;
        OutputVolts = 0;
        _aboveRestartSince = double.NaN;
    }

    /// <summary>True while the MCU is waiting out the EN delay to start.</summary>
    public bool StartPending => !McuPowered && !double.IsNaN(_aboveRestartSince);
}

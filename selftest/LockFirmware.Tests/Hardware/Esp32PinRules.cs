using System.Collections.Generic;
using System.Linq;
using LockFirmware.Hal;

namespace LockFirmware.Tests.Hardware;

/// <summary>
/// ESP32 (WROOM-32) pin constraints, one small function per rule. Each returns one message per offending pin (naming
/// the signal and GPIO), or nothing. Sources: ESP32 datasheet v4.x section 2.2 (pin list, RTC GPIOs, strapping pins)
/// and 4.1.1 (ADC1 channels), ESP32 Technical Reference Manual section 4 (IO_MUX, input-only GPIO 34-39), the
/// WROOM-32 datasheet (GPIO 6-11 wired to the SPI flash), and nanoFramework's ESP32 channel map (shared notes).
/// </summary>
public static class Esp32PinRules
{
    /// <summary>GPIOs on ADC1 (usable while Wi-Fi runs; ADC2 is not).</summary>
    public static readonly int[] Adc1Gpios = { 32, 33, 34, 35, 36, 37, 38, 39 };

    /// <summary>GPIOs with an RTC IO function, the only ones that can wake the chip from light or deep sleep.</summary>
    public static readonly int[] RtcGpios = { 0, 2, 4, 12, 13, 14, 15, 25, 26, 27, 32, 33, 34, 35, 36, 37, 38, 39 };

    /// <summary>Input-only GPIOs (no output driver, no internal pull resistors).</summary>
    public static readonly int[] InputOnlyGpios = { 34, 35, 36, 37, 38, 39 };

    /// <summary>GPIOs wired to the module's SPI flash.</summary>
    public static readonly int[] FlashGpios = { 6, 7, 8, 9, 10, 11 };

    /// <summary>Strapping pins sampled at reset (boot mode, flash voltage, boot log, SDIO timing).</summary>
    public static readonly int[] StrappingGpios = { 0, 2, 5, 12, 15 };

    /// <summary>COM1, nanoFramework's debug and deployment UART (TX GPIO1, RX GPIO3).</summary>
    public static readonly int[] DebugUartGpios = { 1, 3 };

    /// <summary>nanoFramework AdcController channel n (0..7) is this ADC1 GPIO.</summary>
    public static readonly int[] AdcChannelGpios = { 36, 37, 38, 39, 32, 33, 34, 35 };

    /// <summary>GPIO numbers the ESP32 really has (0-39 without 20, 24 and 28-31).</summary>
    public static readonly int[] ExistingGpios = Enumerable.Range(0, 40).Except(new[] { 20, 24, 28, 29, 30, 31 }).ToArray();

    private static readonly PinRole[] s_outputRoles = { PinRole.BootLowOutput, PinRole.Output, PinRole.UartTx };

    /// <summary>Every pin names a GPIO the chip has.</summary>
    public static IEnumerable<string> GpiosExist(IEnumerable<PinAssignment> pins)
        => pins.Where(p => !ExistingGpios.Contains(p.Gpio))
            .Select(p => $"{p.Signal}: GPIO{p.Gpio} does not exist on the ESP32");

    /// <summary>Analog roles are on ADC1 (GPIO 32-39).</summary>
    public static IEnumerable<string> AnalogOnAdc1(IEnumerable<PinAssignment> pins)
        => pins.Where(p => p.Role == PinRole.Analog && !Adc1Gpios.Contains(p.Gpio))
            .Select(p => $"{p.Signal}: analog on GPIO{p.Gpio}, which is not an ADC1 pin (32-39)");

    /// <summary>Wake inputs are on RTC GPIOs.</summary>
    public static IEnumerable<string> WakeInputsOnRtcGpios(IEnumerable<PinAssignment> pins)
        => pins.Where(p => p.Role == PinRole.WakeInput && !RtcGpios.Contains(p.Gpio))
            .Select(p => $"{p.Signal}: wake input on GPIO{p.Gpio}, which is not an RTC GPIO and cannot wake the chip");

    /// <summary>Outputs (bridge, LED, buzzer, keypad rows, UART TX) are never on input-only GPIO 34-39.</summary>
    public static IEnumerable<string> OutputsNotOnInputOnlyGpios(IEnumerable<PinAssignment> pins)
        => pins.Where(p => s_outputRoles.Contains(p.Role) && InputOnlyGpios.Contains(p.Gpio))
            .Select(p => $"{p.Signal}: output on GPIO{p.Gpio}, which is input-only");

    /// <summary>No pin of any role is on the flash GPIOs 6-11 (using one crashes the chip).</summary>
    public static IEnumerable<string> NothingOnFlashGpios(IEnumerable<PinAssignment> pins)
        => pins.Where(p => FlashGpios.Contains(p.Gpio))
            .Select(p => $"{p.Signal}: GPIO{p.Gpio} is wired to the SPI flash");

    /// <summary>Outputs that must stay low through reset are never on strapping pins or the debug UART (both toggle or are pulled at boot).</summary>
    public static IEnumerable<string> BootLowOutputsAvoidStrappingAndDebugPins(IEnumerable<PinAssignment> pins)
        => pins.Where(p => p.Role == PinRole.BootLowOutput && (StrappingGpios.Contains(p.Gpio) || DebugUartGpios.Contains(p.Gpio)))
            .Select(p => $"{p.Signal}: boot-low output on GPIO{p.Gpio}, a strapping or debug-UART pin that is driven or pulled during boot");

    /// <summary>The console is on COM2, with both UART roles present and neither on GPIO1/GPIO3 (COM1, the debug port).</summary>
    public static IEnumerable<string> ConsoleOnCom2(string consolePort, IEnumerable<PinAssignment> pins)
    {
        var list = pins.ToList();
        if (consolePort != "COM2")
        {
            yield return $"console: port {consolePort}; it must be COM2 (COM1 is nanoFramework's debug port)";
        }
        foreach (PinRole role in new[] { PinRole.UartTx, PinRole.UartRx })
        {
            if (!list.Any(p => p.Role == role))
            {
                yield return $"console: no {role} pin in the table";
            }
        }
        foreach (PinAssignment p in list.Where(p => (p.Role == PinRole.UartTx || p.Role == PinRole.UartRx) && DebugUartGpios.Contains(p.Gpio)))
        {
            yield return $"{p.Signal}: console UART on GPIO{p.Gpio}, which belongs to COM1 (debug)";
        }
    }

    /// <summary>No GPIO is used by two signals.</summary>
    public static IEnumerable<string> NoGpioUsedTwice(IEnumerable<PinAssignment> pins)
        => pins.GroupBy(p => p.Gpio)
            .Where(g => g.Count() > 1)
            .Select(g => $"GPIO{g.Key} is used by {string.Join(" and ", g.Select(p => p.Signal))}");

    /// <summary>An AdcController channel number is the one nanoFramework maps to the given GPIO.</summary>
    public static IEnumerable<string> AdcChannelMatchesGpio(string signal, int gpio, int channel)
    {
        if (channel < 0 || channel >= AdcChannelGpios.Length)
        {
            yield return $"{signal}: ADC channel {channel} is not an ADC1 channel (0..7)";
        }
        else if (AdcChannelGpios[channel] != gpio)
        {
            yield return $"{signal}: ADC channel {channel} is GPIO{AdcChannelGpios[channel]}, not GPIO{gpio}";
        }
    }
}

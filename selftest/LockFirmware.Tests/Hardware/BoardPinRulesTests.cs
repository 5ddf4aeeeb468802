using System.Collections.Generic;
using System.Linq;
using LockFirmware.Hal;
using Xunit;

namespace LockFirmware.Tests.Hardware;

/// <summary>
/// The reference board's pin table (<see cref="BoardConfig.Pins"/>) obeys every ESP32 pin rule, and each rule really
/// catches a bad table (its own negative test), so a passing board is not a rule that checks nothing.
/// </summary>
public class BoardPinRulesTests
{
    private static readonly PinAssignment[] s_board = BoardConfig.Pins();

    /// <summary>The table covers every pin constant of the board, so the rules see all of them.</summary>
    [Fact]
    public void Pin_table_lists_every_board_pin()
    {
        int[] expected = new[]
        {
            BoardConfig.MotorIn1Gpio, BoardConfig.MotorIn2Gpio, BoardConfig.MotorCurrentGpio, BoardConfig.BatteryGpio,
            BoardConfig.LimitExtendedGpio, BoardConfig.LimitRetractedGpio, BoardConfig.DoorReedGpio,
            BoardConfig.LedRedGpio, BoardConfig.LedGreenGpio, BoardConfig.BuzzerGpio,
            BoardConfig.ConsoleTxGpio, BoardConfig.ConsoleRxGpio,
        }.Concat(BoardConfig.KeypadRowGpios).Concat(BoardConfig.KeypadColumnGpios).OrderBy(g => g).ToArray();
        Assert.Equal(expected, s_board.Select(p => p.Gpio).OrderBy(g => g).ToArray());
    }

    /// <summary>Every GPIO in the table exists on the chip.</summary>
    [Fact]
    public void Board_gpios_exist() => AssertClean(Esp32PinRules.GpiosExist(s_board));

    /// <summary>A GPIO the chip lacks is caught.</summary>
    [Fact]
    public void Missing_gpio_is_caught() => AssertCaught(Esp32PinRules.GpiosExist(Table(("ghost", 24, PinRole.Output))), "ghost");

    /// <summary>Analog inputs are on ADC1.</summary>
    [Fact]
    public void Board_analog_pins_are_on_adc1() => AssertClean(Esp32PinRules.AnalogOnAdc1(s_board));

    /// <summary>An analog input on an ADC2 pin is caught.</summary>
    [Fact]
    public void Analog_on_adc2_is_caught() => AssertCaught(Esp32PinRules.AnalogOnAdc1(Table(("battery", 4, PinRole.Analog))), "battery");

    /// <summary>Wake inputs are on RTC GPIOs.</summary>
    [Fact]
    public void Board_wake_inputs_are_rtc_gpios() => AssertClean(Esp32PinRules.WakeInputsOnRtcGpios(s_board));

    /// <summary>A wake input on a non-RTC GPIO is caught.</summary>
    [Fact]
    public void Wake_input_off_rtc_is_caught() => AssertCaught(Esp32PinRules.WakeInputsOnRtcGpios(Table(("door_reed", 18, PinRole.WakeInput))), "door_reed");

    /// <summary>No output is on an input-only GPIO.</summary>
    [Fact]
    public void Board_outputs_are_not_input_only() => AssertClean(Esp32PinRules.OutputsNotOnInputOnlyGpios(s_board));

    /// <summary>Each output role on an input-only GPIO is caught.</summary>
    [Theory]
    [InlineData(PinRole.BootLowOutput)]
    [InlineData(PinRole.Output)]
    [InlineData(PinRole.UartTx)]
    public void Output_on_input_only_gpio_is_caught(PinRole role)
        => AssertCaught(Esp32PinRules.OutputsNotOnInputOnlyGpios(Table(("out", 35, role))), "out");

    /// <summary>Nothing is on the flash GPIOs.</summary>
    [Fact]
    public void Board_avoids_flash_gpios() => AssertClean(Esp32PinRules.NothingOnFlashGpios(s_board));

    /// <summary>An output on a flash GPIO is caught.</summary>
    [Fact]
    public void Output_on_flash_gpio_is_caught() => AssertCaught(Esp32PinRules.NothingOnFlashGpios(Table(("keypad_row0", 9, PinRole.Output))), "keypad_row0");

    /// <summary>Boot-low outputs avoid strapping and debug-UART pins.</summary>
    [Fact]
    public void Board_boot_low_outputs_avoid_strapping_pins() => AssertClean(Esp32PinRules.BootLowOutputsAvoidStrappingAndDebugPins(s_board));

    /// <summary>A boot-low output on any strapping pin or on GPIO1/3 is caught.</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(12)]
    [InlineData(15)]
    [InlineData(1)]
    [InlineData(3)]
    public void Boot_low_output_on_strapping_or_debug_pin_is_caught(int gpio)
        => AssertCaught(Esp32PinRules.BootLowOutputsAvoidStrappingAndDebugPins(Table(("motor_in1", gpio, PinRole.BootLowOutput))), "motor_in1");

    /// <summary>The console uses COM2 away from the debug UART pins.</summary>
    [Fact]
    public void Board_console_is_on_com2() => AssertClean(Esp32PinRules.ConsoleOnCom2(BoardConfig.ConsolePort, s_board));

    /// <summary>A console on COM1, on GPIO1/3, or without its RX pin is caught.</summary>
    [Fact]
    public void Console_on_debug_port_is_caught()
    {
        PinAssignment[] good = Table(("console_tx", 17, PinRole.UartTx), ("console_rx", 16, PinRole.UartRx));
        AssertCaught(Esp32PinRules.ConsoleOnCom2("COM1", good), "COM1");
        AssertCaught(Esp32PinRules.ConsoleOnCom2("COM2", Table(("console_tx", 1, PinRole.UartTx), ("console_rx", 16, PinRole.UartRx))), "console_tx");
        AssertCaught(Esp32PinRules.ConsoleOnCom2("COM2", Table(("console_tx", 17, PinRole.UartTx), ("console_rx", 3, PinRole.UartRx))), "console_rx");
        AssertCaught(Esp32PinRules.ConsoleOnCom2("COM2", Table(("console_tx", 17, PinRole.UartTx))), "UartRx");
    }

    /// <summary>No GPIO is used twice.</summary>
    [Fact]
    public void Board_uses_each_gpio_once() => AssertClean(Esp32PinRules.NoGpioUsedTwice(s_board));

    /// <summary>A GPIO used by two signals is caught, naming both.</summary>
    [Fact]
    public void Gpio_used_twice_is_caught()
        => AssertCaught(Esp32PinRules.NoGpioUsedTwice(Table(("led_red", 23, PinRole.BootLowOutput), ("buzzer", 23, PinRole.BootLowOutput))), "led_red and buzzer");

    /// <summary>The ADC channel constants are the channels of their GPIOs.</summary>
    [Fact]
    public void Board_adc_channels_match_their_gpios()
    {
        AssertClean(Esp32PinRules.AdcChannelMatchesGpio("motor_current", BoardConfig.MotorCurrentGpio, BoardConfig.MotorCurrentAdcChannel));
        AssertClean(Esp32PinRules.AdcChannelMatchesGpio("battery", BoardConfig.BatteryGpio, BoardConfig.BatteryAdcChannel));
    }

    /// <summary>A channel constant that points at another GPIO, or outside ADC1, is caught.</summary>
    [Fact]
    public void Mismatched_adc_channel_is_caught()
    {
        AssertCaught(Esp32PinRules.AdcChannelMatchesGpio("battery", 39, 0), "GPIO36");
        AssertCaught(Esp32PinRules.AdcChannelMatchesGpio("battery", 39, 8), "not an ADC1 channel");
    }

    private static PinAssignment[] Table(params (string Signal, int Gpio, PinRole Role)[] rows)
        => rows.Select(r => new PinAssignment(r.Signal, r.Gpio, r.Role)).ToArray();

    private static void AssertClean(IEnumerable<string> errors)
    {
        var list = errors.ToList();
        Assert.True(list.Count == 0, string.Join("\n", list));
    }

    private static void AssertCaught(IEnumerable<string> errors, string fragment)
    {
        var list = errors.ToList();
        Assert.True(list.Any(e => e.Contains(fragment, System.StringComparison.Ordinal)),
            $"Expected an error mentioning '{fragment}', got: " + (list.Count == 0 ? "(none)" : string.Join("\n", list)));
    }
}

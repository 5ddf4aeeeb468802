using LockFirmware.Simulator.Plant;
using Xunit;

namespace LockFirmware.Tests.Plant;

/// <summary>The battery model against the Energizer E91 datasheet and the physics of primary cells.</summary>
public class BatteryValidationTests
{
    private static double DischargeToCutoff(CellChemistry chemistry, double amps, double temperatureC)
    {
        var cell = new BatteryPack(chemistry, 1, 1.0, temperatureC);
        double coulombs = 0;
        const double dt = 10.0;
        while (cell.TerminalVolts(amps) > 0.8)
        {
            cell.Draw(amps, dt);
            coulombs += amps * dt;
        }
        return coulombs / 3.6;
    }

    [Theory]
    [InlineData(25, 3000)]
    [InlineData(100, 2600)]
    [InlineData(500, 1600)]
    [InlineData(1000, 1000)]
    public void Alkaline_cell_delivers_the_E91_datasheet_capacity_to_0V8_within_10_percent(int milliamps, int datasheetMah)
    {
        double mah = DischargeToCutoff(CellChemistry.Alkaline, milliamps / 1000.0, 21.0);

        Assert.InRange(mah, datasheetMah * 0.9, datasheetMah * 1.1);
    }

    [Fact]
    public void Lithium_cell_loses_little_capacity_at_high_rate_unlike_alkaline()
    {
        double lithiumRatio = DischargeToCutoff(CellChemistry.Lithium, 1.0, 21) / DischargeToCutoff(CellChemistry.Lithium, 0.025, 21);
        double alkalineRatio = DischargeToCutoff(CellChemistry.Alkaline, 1.0, 21) / DischargeToCutoff(CellChemistry.Alkaline, 0.025, 21);

        Assert.True(lithiumRatio > 0.8, $"L91 keeps most of its capacity at 1 A (ratio {lithiumRatio:F2})");
        Assert.True(alkalineRatio < 0.4, $"E91 loses most of its capacity at 1 A (ratio {alkalineRatio:F2})");
    }

    [Fact]
    public void Alkaline_internal_resistance_follows_the_datasheet_with_temperature()
    {
        // E91: ~0.15-0.2 Ohm per cell fresh at 21 C, ~0.1 at +40 C, ~0.9 at -40 C (DC: ohmic plus polarisation).
        double Dc(double c)
        {
            var cell = new BatteryPack(CellChemistry.Alkaline, 1, 1.0, c);
            double v0 = cell.TerminalVolts(0);
            cell.Draw(0.1, 10.0); // long enough for the polarisation to build
            return (v0 - cell.TerminalVolts(0.1)) / 0.1;
        }

        Assert.InRange(Dc(21), 0.15, 0.22);
        Assert.InRange(Dc(40), 0.08, 0.14);
        Assert.InRange(Dc(-40), 0.75, 1.05);
    }

    [Fact]
    public void Alkaline_voltage_recovers_after_a_heavy_load_is_removed()
    {
        var cell = new BatteryPack(CellChemistry.Alkaline, 1, 0.6, 21);
        double before = cell.TerminalVolts(0);
        cell.Draw(1.0, 600); // ten minutes at 1 A depletes the available well
        double justAfter = cell.TerminalVolts(0);
        cell.Draw(0, 4 * 3600); // rest

        double rested = cell.TerminalVolts(0);

        Assert.True(justAfter < before - 0.05, $"under heavy load the available well sags ({before:F3} -> {justAfter:F3} V)");
        Assert.True(rested > justAfter + 0.03, $"rest lets the bound charge diffuse back ({justAfter:F3} -> {rested:F3} V)");
    }

    [Fact]
    public void Lithium_PTC_trips_on_a_sustained_overcurrent_and_resets_when_the_load_goes()
    {
        var cell = new BatteryPack(CellChemistry.Lithium, 1, 1.0, 21);
        double ohmsBefore = cell.SeriesOhms;
        for (int i = 0; i < 100; i++)
        {
            cell.Draw(4.0, 0.1);
        }
        double ohmsTripped = cell.SeriesOhms;
        for (int i = 0; i < 100; i++)
        {
            cell.Draw(0, 1.0);
        }

        Assert.True(ohmsTripped > 5, $"tripped PTC limits the current ({ohmsTripped:F2} Ohm)");
        Assert.InRange(cell.SeriesOhms, ohmsBefore * 0.9, ohmsBefore * 1.1);
    }
}

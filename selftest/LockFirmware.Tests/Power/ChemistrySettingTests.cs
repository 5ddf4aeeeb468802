using CellChemistry = LockFirmware.Power.CellChemistry;
using LockFirmware.Simulator.Board;
using LockFirmware.Simulator.Engine;
using LockFirmware.Simulator.Plant;
using LockFirmware.Storage;
using Xunit;
using static LockFirmware.Tests.Service.ConsoleHarness;

namespace LockFirmware.Tests.Power;

/// <summary>
/// The <c>battery_chemistry</c> setting (docs/power.md, docs/console.md): configured by the installer or the technician,
/// stored with the settings, and overridden only by a pack voltage the configured chemistry cannot show.
/// </summary>
public class ChemistrySettingTests
{
    [Fact]
    public void A_nimh_pack_left_on_auto_is_taken_for_alkaline_and_the_setting_fixes_the_estimate()
    {
        // NiMH at 10 %: 1.2 V a cell is also a used alkaline cell. On auto the alkaline curve reads about a third full.
        var hw = new PlantParameters { Chemistry = Chemistry.Nimh, StateOfCharge = 0.1 };
        var sim = new SimulatedLock(new SimOptions { Hardware = hw, ChemistryConfigured = false });
        LoggedInLock(sim);
        Assert.Equal("auto", Value(Send(sim, "get battery_chemistry"), "battery_chemistry"));
        Assert.Equal("alkaline", BatteryValue(sim, "chemistry"));
        Assert.True(int.Parse(BatteryValue(sim, "state_of_charge_permille")) > 250);

        Assert.Equal("nimh", Value(Send(sim, "set battery_chemistry nimh"), "battery_chemistry"));
        Assert.Equal("nimh", BatteryValue(sim, "chemistry"));
        int soc = int.Parse(BatteryValue(sim, "state_of_charge_permille"));
        Assert.InRange(soc, 50, 150);

        // Stored with the settings: a power cut does not lose it.
        sim.PowerCutAt(sim.NowMs + 10, 500);
        sim.RunUntil(sim.NowMs + 2000);
        LoggedInLock(sim);
        Assert.Equal("nimh", Value(Send(sim, "get battery_chemistry"), "battery_chemistry"));
        Assert.Equal("nimh", BatteryValue(sim, "chemistry"));
    }

    [Theory]
    [InlineData("set battery_chemistry lead_acid")]
    [InlineData("set battery_chemistry")]
    [InlineData("set battery_chemistry NIMH")]
    public void A_bad_chemistry_is_refused_and_nothing_changes(string line)
    {
        var sim = LoggedIn();
        string before = Value(Send(sim, "get battery_chemistry"), "battery_chemistry")!;
        Assert.StartsWith("ERR 400", LastLine(Send(sim, line)));
        Assert.Equal(before, Value(Send(sim, "get battery_chemistry"), "battery_chemistry"));
    }

    [Fact]
    public void Swapping_alkaline_cells_for_lithium_ones_is_seen_whatever_the_setting_says()
    {
        // Configured alkaline (the installer's choice); the owner fits fresh lithium cells without telling the lock.
        // 1.8 V a cell is only Li-FeS2, so the estimate follows the cells, the setting stays as it was.
        var sim = new SimulatedLock(new SimOptions { Hardware = new PlantParameters { Chemistry = Chemistry.Alkaline, StateOfCharge = 0.5 } });
        sim.At(2000, () => sim.Plant.SwapBattery(Chemistry.Lithium, 1.0));
        sim.RunUntil(10000);
        LoggedInLock(sim);
        Assert.Equal("alkaline", Value(Send(sim, "get battery_chemistry"), "battery_chemistry"));
        Assert.Equal("lithium", BatteryValue(sim, "chemistry"));
    }

    [Fact]
    public void A_settings_record_written_before_the_chemistry_byte_loads_as_auto()
    {
        // The settings layout before battery_chemistry: relock, mode, volume, LED, ADC gain, door-ajar time.
        var store = LockFirmware.Tests.Storage.RawRecords.With(LockStore.SettingsRecord, w =>
        {
            w.Int32(45000);
            w.Byte(0);
            w.UInt16(250);
            w.UInt16(1000);
            w.UInt16(1010);
            w.Int32(60000);
        });
        var settings = new LockSettings { BatteryChemistry = CellChemistry.Nimh };
        Assert.Equal(LoadResult.Loaded, new LockStore(store).LoadSettings(settings));
        Assert.Equal(45000, settings.AutoRelockMs);
        Assert.Equal(1010, settings.AdcGainPermille);
        Assert.Equal(CellChemistry.Unknown, settings.BatteryChemistry);
    }

    [Fact]
    public void A_chemistry_byte_out_of_range_is_a_corrupt_record_not_a_default()
    {
        var store = new RecordStore(new SimStorage());
        var settings = new LockSettings();
        var lockStore = new LockStore(store);
        Assert.True(lockStore.SaveSettings(settings));
        // The chemistry is the last byte of the payload; 9 is no chemistry.
        Assert.Equal(LoadResult.Loaded, store.Load(LockStore.SettingsRecord, LockStore.Version, out int length));
        store.Buffer[RecordStore.HeaderBytes + length - 1] = 9;
        Assert.True(store.Save(LockStore.SettingsRecord, LockStore.Version, length));
        Assert.Equal(LoadResult.Corrupt, lockStore.LoadSettings(new LockSettings()));
    }
}

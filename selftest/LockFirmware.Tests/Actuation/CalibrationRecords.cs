using LockFirmware.Actuation;
using LockFirmware.Simulator.Board;
using LockFirmware.Storage;
using Xunit;

namespace LockFirmware.Tests.Actuation;

/// <summary>Calibration records in flash for the storage tests: a round trip, and records in older firmware's layouts.</summary>
internal static class CalibrationRecords
{
    /// <summary><paramref name="c"/> saved to a fresh flash and loaded back into a new calibration (the load must succeed).</summary>
    public static Calibration SavedAndLoaded(Calibration c)
    {
        var flash = new SimStorage();
        Assert.True(new LockStore(new RecordStore(flash)).SaveCalibration(c));
        var loaded = new Calibration();
        Assert.Equal(LoadResult.Loaded, new LockStore(new RecordStore(flash)).LoadCalibration(loaded));
        return loaded;
    }

    /// <summary>
    /// A calibration record in an older firmware's layout: up to the reed byte; with <paramref name="withExtendIntegrals"/>
    /// also the calibration extend's two integrals (5243920 mV*ms, 140895 mA*ms) appended after it, and with
    /// <paramref name="withPositionMilliohms"/> the position estimate's resistance (16900 milliohms) after those.
    /// </summary>
    public static SimStorage Older(bool withExtendIntegrals, bool withPositionMilliohms = false)
    {
        var flash = new SimStorage();
        var store = new LockStore(new RecordStore(flash));
        var w = store.BeginRaw();
        w.Byte(1);
        for (int i = 0; i < 6; i++) w.Int32(1000 + i);
        w.Int32(16000); w.Int32(0); w.Int32(6000); w.Int32(16400);
        for (int i = 0; i < 6; i++) w.Int32(100 + i);
        w.Byte(1);
        if (withExtendIntegrals) { w.Int32(5243920); w.Int32(140895); }
        if (withPositionMilliohms) w.Int32(16900);
        Assert.True(store.SaveRaw(LockStore.CalibrationRecord));
        return flash;
    }
}

using LockFirmware.Hal;
using LockFirmware.Simulator.Board;
using LockFirmware.Storage;

namespace LockFirmware.Tests.Storage;

public class RecordStoreTests
{
    private static void Put(RecordStore store, int id, byte fill, int length)
    {
        for (int i = 0; i < length; i++) store.Buffer[RecordStore.HeaderBytes + i] = fill;
        Assert.True(store.Save(id, 1, length));
    }

    private static (LoadResult, byte, int) Get(RecordStore store, int id)
    {
        var r = store.Load(id, 1, out int len);
        return (r, r == LoadResult.Loaded ? store.Buffer[RecordStore.HeaderBytes] : (byte)0, len);
    }

    [Fact]
    public void A_never_written_record_loads_as_empty_not_as_defaults()
    {
        var store = new RecordStore(new SimStorage());
        Assert.Equal(LoadResult.Empty, store.Load(0, 1, out _));
    }

    [Fact]
    public void The_newest_saved_version_loads_after_a_restart()
    {
        var flash = new SimStorage();
        var store = new RecordStore(flash);
        Put(store, 2, 0xA1, 40);
        Put(store, 2, 0xA2, 41);
        Put(store, 2, 0xA3, 42);
        var fresh = new RecordStore(flash);
        Assert.Equal((LoadResult.Loaded, (byte)0xA3, 42), Get(fresh, 2));
    }

    [Fact]
    public void A_save_before_any_load_since_start_up_still_wins_over_older_copies()
    {
        // The deep-sleep record is saved after a power-on without being loaded first (only a wake reads it): the copies
        // from before the power loss carry higher sequence numbers, and the next load used to take the stale one.
        var flash = new SimStorage();
        var before = new RecordStore(flash);
        Put(before, 16, 0xB1, 30);
        Put(before, 16, 0xB2, 30);
        Put(before, 16, 0xB3, 30);
        var afterPowerOn = new RecordStore(flash);
        Put(afterPowerOn, 16, 0xC1, 30);
        Assert.Equal((LoadResult.Loaded, (byte)0xC1, 30), Get(new RecordStore(flash), 16));
        Put(afterPowerOn, 16, 0xC2, 30);
        Assert.Equal((LoadResult.Loaded, (byte)0xC2, 30), Get(new RecordStore(flash), 16));
    }

    [Fact]
    public void A_power_cut_at_any_byte_of_a_save_leaves_the_old_or_the_new_version_never_a_mix()
    {
        for (int cut = 0; cut <= 60; cut++)
        {
            var flash = new SimStorage();
            var store = new RecordStore(flash);
            Put(store, 1, 0x11, 40);
            Put(store, 1, 0x22, 40);
            flash.TearNextWriteAfterBytes = cut;
            for (int i = 0; i < 40; i++) store.Buffer[RecordStore.HeaderBytes + i] = 0x33;
            store.Save(1, 1, 40);
            var reader = new RecordStore(flash);
            var after = Get(reader, 1);
            Assert.Equal(LoadResult.Loaded, after.Item1);
            Assert.Contains(after.Item2, new byte[] { 0x22, 0x33 });
            // Every payload byte must belong to the version that loaded.
            for (int i = 0; i < after.Item3; i++) Assert.Equal(after.Item2, reader.Buffer[RecordStore.HeaderBytes + i]);
        }
    }

    [Fact]
    public void A_flipped_bit_in_both_copies_is_reported_corrupt_not_replaced_by_defaults()
    {
        var flash = new SimStorage();
        var store = new RecordStore(flash);
        Put(store, 0, 0x55, 20);
        Put(store, 0, 0x56, 20);
        flash.Corrupt(0, 15);
        flash.Corrupt(1, 15);
        Assert.Equal(LoadResult.Corrupt, new RecordStore(flash).Load(0, 1, out _));
    }

    [Fact]
    public void One_corrupt_copy_falls_back_to_the_other()
    {
        var flash = new SimStorage();
        var store = new RecordStore(flash);
        Put(store, 0, 0x55, 20);
        Put(store, 0, 0x56, 20);
        flash.Corrupt(1, 15);
        Assert.Equal((LoadResult.Loaded, (byte)0x55, 20), Get(new RecordStore(flash), 0));
    }

    [Fact]
    public void Reference_board_storage_holds_every_record_with_both_copies()
    {
        // The board's slot count (BoardConfig, used by the ESP32 layer and the simulator alike) must give every record
        // the firmware defines its A and B slot; the last record is the technician credential.
        Assert.True(BoardConfig.StorageSlots >= 2 * (LockStore.TechnicianRecord + 1),
            $"{BoardConfig.StorageSlots} slots for records 0-{LockStore.TechnicianRecord}");
        var flash = new SimStorage();
        Assert.Equal(BoardConfig.StorageSlots, flash.SlotCount);
        Assert.Equal(BoardConfig.StorageSlotBytes, flash.SlotBytes);
        var store = new RecordStore(flash);
        Put(store, LockStore.TechnicianRecord, 0x42, 20);
        Assert.Equal((LoadResult.Loaded, (byte)0x42, 20), Get(new RecordStore(flash), LockStore.TechnicianRecord));
    }
}

using LockFirmware.Simulator.Board;
using LockFirmware.Storage;
using Xunit;

namespace LockFirmware.Tests.Storage;

/// <summary>Flash holding a record written by hand, as an older firmware's layout would have left it.</summary>
public static class RawRecords
{
    /// <summary>A fresh store whose record <paramref name="id"/> holds what <paramref name="payload"/> writes.</summary>
    public static RecordStore With(int id, Action<ByteWriter> payload)
    {
        var store = new RecordStore(new SimStorage());
        var w = new ByteWriter();
        w.Reset(store.Buffer, RecordStore.HeaderBytes);
        payload(w);
        Assert.True(store.Save(id, LockStore.Version, w.Position - RecordStore.HeaderBytes));
        return store;
    }
}

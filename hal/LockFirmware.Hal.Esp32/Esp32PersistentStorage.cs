using System;
using System.IO;

namespace LockFirmware.Hal.Esp32
{
    /// <summary>
    /// Storage slots as one file per slot on the internal flash drive I:. On ESP32 nanoFramework mounts I: as
    /// esp_littlefs on the 256 KB "config" partition (nf-interpreter targetHAL_ConfigStorageLittlefs.c, partition
    /// table partitions_nanoclr_4mb.csv), shared with nanoFramework's own network and certificate files.
    /// <para>
    /// LittleFS itself is copy-on-write and commits a file's new content at sync/close, so a cut mid-write normally
    /// leaves the old content. This class does not rely on that: how nanoFramework's native FileStream maps Flush and
    /// Close onto the file system was not verified, and the HAL contract (<see cref="IPersistentStorage"/>) only
    /// promises that other slots are untouched. The firmware's two-copy scheme with sequence numbers and checksums is
    /// what makes records power-cut safe.
    /// </para>
    /// </summary>
    public sealed class Esp32PersistentStorage : IPersistentStorage
    {
        private readonly string[] _paths;
        private readonly int _slotBytes;

        /// <summary>Slots <c>I:\slot00.bin</c> .. for <paramref name="slotCount"/> slots of up to <paramref name="slotBytes"/> bytes.</summary>
        public Esp32PersistentStorage(string drive, int slotCount, int slotBytes)
        {
            if (slotCount <= 0 || slotCount > 100)
            {
                throw new ArgumentOutOfRangeException("slotCount");
            }
            if (slotBytes <= 0)
            {
                throw new ArgumentOutOfRangeException("slotBytes");
            }
            _slotBytes = slotBytes;
            _paths = new string[slotCount];
            for (int i = 0; i < slotCount; i++)
            {
                // Paths built once at start-up, so reads and writes allocate no strings.
                _paths[i] = drive + "slot" + (i < 10 ? "0" : "") + i.ToString() + ".bin";
            }
        }

        /// <inheritdoc/>
        public int SlotCount
        {
            get { return _paths.Length; }
        }

        /// <inheritdoc/>
        public int SlotBytes
        {
            get { return _slotBytes; }
        }

        /// <inheritdoc/>
        public int Read(int slot, byte[] buffer)
        {
            if (slot < 0 || slot >= _paths.Length || buffer == null)
            {
                return -1;
            }
            try
            {
                if (!File.Exists(_paths[slot]))
                {
                    return 0;
                }
                using (FileStream stream = new FileStream(_paths[slot], FileMode.Open, FileAccess.Read))
                {
                    int wanted = buffer.Length < _slotBytes ? buffer.Length : _slotBytes;
                    int total = 0;
                    while (total < wanted)
                    {
                        int n = stream.Read(buffer, total, wanted - total);
                        if (n <= 0)
                        {
                            break;
                        }
                        total += n;
                    }
                    return total;
                }
            }
            catch (Exception)
            {
                return -1;
            }
        }

        /// <inheritdoc/>
        public bool Write(int slot, byte[] data, int length)
        {
            if (slot < 0 || slot >= _paths.Length || data == null || length < 0 || length > data.Length || length > _slotBytes)
            {
                return false;
            }
            try
            {
                using (FileStream stream = new FileStream(_paths[slot], FileMode.Create, FileAccess.Write))
                {
                    stream.Write(data, 0, length);
                    stream.Flush();
                }
                return true;
            }
            catch (Exception)
            {
                return false;
            }
        }
    }
}

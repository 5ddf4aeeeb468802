namespace LockFirmware.Storage
{
    /// <summary>What loading a record found.</summary>
    public enum LoadResult
    {
        /// <summary>A valid copy was loaded.</summary>
        Loaded = 0,
        /// <summary>Both slots empty: never written (factory state).</summary>
        Empty = 1,
        /// <summary>Data present but no copy passes its checksum: a storage fault, never silently defaulted.</summary>
        Corrupt = 2,
    }
}

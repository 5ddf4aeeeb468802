namespace LockFirmware
{
    /// <summary>Identity of this firmware build, printed by the console's <c>version</c> and <c>status</c>.</summary>
    public static class FirmwareInfo
    {
        /// <summary>Semantic version of the firmware.</summary>
        public const string Version = "0.1.0";
    }
}

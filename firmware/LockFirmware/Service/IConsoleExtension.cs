namespace LockFirmware.Service
{
    /// <summary>
    /// Extra console commands supplied by the host (the simulator's <c>sim</c> family). Asked only for a command
    /// word the firmware does not know; the extension writes its own reply ending in OK or ERR.
    /// </summary>
    public interface IConsoleExtension
    {
        /// <summary>Handles <paramref name="command"/> with <paramref name="args"/> (may be empty); false when unknown.</summary>
        bool TryHandle(string command, string args, ConsoleWriter reply);
    }
}

namespace LockFirmware.Tests.Hostile;

/// <summary>One edit of a scenario file's bytes, after the text edits.</summary>
public enum ByteEdit { None, Bom, Crlf, Truncate, RandomBytes, Tabs }

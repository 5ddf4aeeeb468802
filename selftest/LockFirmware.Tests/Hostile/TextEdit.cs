namespace LockFirmware.Tests.Hostile;

/// <summary>One edit of a scenario file's text.</summary>
public enum TextEdit { DeleteLine, DuplicateLine, SwapLines, Indent, ReplaceValue, ReplaceKey, InsertLine, DeepNesting, LongLine }

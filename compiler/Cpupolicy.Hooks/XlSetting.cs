namespace Cpupolicy.Hooks;

/// <summary>
/// One <c>KEY = VALUE</c> (or <c>KEY += VALUE</c>) of an xl domain config: where it starts (the key) and ends (after
/// the value, so a multi-line <c>[ ... ]</c> list is one setting), and its text when the value is a single string.
/// </summary>
public sealed record XlSetting(string Key, int Start, int End, string? StringValue);

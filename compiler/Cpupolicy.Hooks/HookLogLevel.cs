namespace Cpupolicy.Hooks;

/// <summary>The syslog severity of a hook's decision line.</summary>
public enum HookLogLevel
{
    /// <summary>A VM that matches its profile, or a rewrite done: LOG_INFO.</summary>
    Info = 6,

    /// <summary>Allowed despite a problem (advise mode, on-error allow): LOG_WARNING.</summary>
    Warning = 4,

    /// <summary>Refused: LOG_ERR.</summary>
    Error = 3,
}

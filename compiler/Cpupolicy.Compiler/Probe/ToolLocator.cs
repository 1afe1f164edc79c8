namespace Cpupolicy.Compiler.Probe;

/// <summary>Finds an executable the way a shell would: a path as given, else the first match on PATH (then sbin).</summary>
public static class ToolLocator
{
    public static string? Find(string name)
    {
        if (name.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(name) ? Path.GetFullPath(name) : null;
        }

        var dirs = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/sbin"]); // libvirtd lives in sbin, which a non-root PATH may lack
        return dirs.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
    }
}

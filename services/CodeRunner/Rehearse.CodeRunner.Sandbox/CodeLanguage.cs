namespace Rehearse.CodeRunner.Sandbox;

/// <summary>A language the sandbox runs.</summary>
public enum CodeLanguage
{
    /// <summary>Python 3.</summary>
    Python,

    /// <summary>JavaScript on Node.js.</summary>
    JavaScript,
}

/// <summary>How the sandbox starts a program of one language.</summary>
/// <param name="Language">The language.</param>
/// <param name="Interpreter">Absolute path of the interpreter on the host, mounted read-only in the sandbox.</param>
/// <param name="FileExtension">The extension of source files, with the dot.</param>
/// <param name="Arguments">Interpreter arguments placed before the entry file.</param>
/// <param name="MemoryErrorMarkers">
/// What the interpreter writes to stderr when an allocation is refused (the data-segment limit makes allocation fail
/// inside the interpreter before the kernel's memory cgroup kills it).
/// </param>
public sealed record LanguageRuntime(
    CodeLanguage Language,
    string Interpreter,
    string FileExtension,
    IReadOnlyList<string> Arguments,
    IReadOnlyList<string> MemoryErrorMarkers)
{
    /// <summary>The runtimes for the configured interpreters.</summary>
    public static IReadOnlyDictionary<CodeLanguage, LanguageRuntime> From(SandboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new Dictionary<CodeLanguage, LanguageRuntime>
        {
            // -S skips site-packages: candidates get the standard library only, the same on every machine.
            [CodeLanguage.Python] = new(CodeLanguage.Python, options.PythonPath, ".py", ["-S", "-u"], ["MemoryError"]),
            [CodeLanguage.JavaScript] = new(CodeLanguage.JavaScript, options.NodePath, ".js",
                // A V8 heap below the memory limit makes a runaway allocation fail as "heap out of memory".
                [$"--max-old-space-size={Math.Max(16, options.MemoryLimitBytes / (1024 * 1024) * 3 / 4)}", "--stack-size=4000"],
                ["heap out of memory", "Allocation failed", "Fatal process out of memory", "RangeError: Array buffer allocation failed"]),
        };
    }
}

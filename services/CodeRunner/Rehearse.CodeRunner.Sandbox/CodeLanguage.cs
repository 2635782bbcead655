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
/// <param name="SupportFiles">Files every run of the language gets beside its own (name to content).</param>
public sealed record LanguageRuntime(
    CodeLanguage Language,
    string Interpreter,
    string FileExtension,
    IReadOnlyList<string> Arguments,
    IReadOnlyList<string> MemoryErrorMarkers,
    IReadOnlyDictionary<string, string> SupportFiles)
{
    /// <summary>
    /// Preloaded into every Node.js run. Node.js writes to a full pipe later, from its event loop, keeping the text in
    /// memory meanwhile; a program printing in a loop never lets the loop run, so it would run out of memory instead
    /// of meeting the output limit. A blocking pipe makes it wait for the reader, as Python does.
    /// </summary>
    private const string NodeBlockingOutput = """
        'use strict';
        for (const stream of [process.stdout, process.stderr]) {
          if (stream._handle && typeof stream._handle.setBlocking === 'function') stream._handle.setBlocking(true);
        }

        """;

    private const string NodeBlockingOutputFile = "rehearse-blocking-output.js";

    /// <summary>The runtimes for the configured interpreters.</summary>
    public static IReadOnlyDictionary<CodeLanguage, LanguageRuntime> From(SandboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new Dictionary<CodeLanguage, LanguageRuntime>
        {
            // -S skips site-packages: candidates get the standard library only, the same on every machine.
            [CodeLanguage.Python] = new(CodeLanguage.Python, options.PythonPath, ".py", ["-S", "-u"], ["MemoryError"], new Dictionary<string, string>()),
            [CodeLanguage.JavaScript] = new(CodeLanguage.JavaScript, options.NodePath, ".js",
                // A V8 heap below the memory limit makes a runaway allocation fail as "heap out of memory".
                [$"--max-old-space-size={Math.Max(16, options.MemoryLimitBytes / (1024 * 1024) * 3 / 4)}", "--stack-size=4000",
                    "--require", $"{CodeSandbox.SourceDirectory}/{NodeBlockingOutputFile}"],
                ["heap out of memory", "Allocation failed", "Fatal process out of memory", "RangeError: Array buffer allocation failed"],
                new Dictionary<string, string> { [NodeBlockingOutputFile] = NodeBlockingOutput }),
        };
    }
}

namespace Rehearse.Testing;

/// <summary>Where tests and benchmarks find the repository, the model files and the optional shared recordings.</summary>
public static class TestPaths
{
    private static readonly Lazy<string> Root = new(FindRepositoryRoot);

    /// <summary>The directory that holds <c>Rehearse.slnx</c>.</summary>
    public static string RepositoryRoot => Root.Value;

    /// <summary>
    /// The model directory laid out by <c>scripts/lib/models.sh</c>: <c>$REHEARSE_MODELS_DIR</c>, else
    /// <c>$REHEARSE_CACHE_DIR/models</c>, else <c>~/.cache/rehearse/models</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The models have not been fetched.</exception>
    public static string ModelsDirectory
    {
        get
        {
            var directory = ResolveModelsDirectory();
            if (!File.Exists(Path.Combine(directory, "moonshine", "vocab.json")))
            {
                throw new InvalidOperationException(
                    $"Speech models not found in '{directory}'. Run scripts/lib/models.sh (scripts/test does) " +
                    "or set REHEARSE_MODELS_DIR.");
            }
            return directory;
        }
    }

    /// <summary>
    /// The real recordings with reference transcripts (<c>../shared/testdata/speech</c> beside the repository, or
    /// <c>$REHEARSE_SPEECH_TESTDATA</c>); <c>null</c> when they are not present, as in a plain clone.
    /// </summary>
    public static string? SharedSpeechDirectory
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable("REHEARSE_SPEECH_TESTDATA");
            var candidate = string.IsNullOrEmpty(configured)
                ? Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "testdata", "speech"))
                : configured;
            return File.Exists(Path.Combine(candidate, "manifest.tsv")) ? candidate : null;
        }
    }

    /// <summary>A directory for files a test run leaves behind (screenshots, generated audio, reports).</summary>
    public static string ArtifactsDirectory(string area)
    {
        var directory = Path.Combine(RepositoryRoot, "artifacts", "test-results", area);
        Directory.CreateDirectory(directory);
        return directory;
    }

    private static string ResolveModelsDirectory()
    {
        var models = Environment.GetEnvironmentVariable("REHEARSE_MODELS_DIR");
        if (!string.IsNullOrEmpty(models))
        {
            return models;
        }
        var cache = Environment.GetEnvironmentVariable("REHEARSE_CACHE_DIR");
        if (string.IsNullOrEmpty(cache))
        {
            var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            var baseCache = string.IsNullOrEmpty(xdg)
                ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache")
                : xdg;
            cache = Path.Combine(baseCache, "rehearse");
        }
        return Path.Combine(cache, "models");
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Rehearse.slnx")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No Rehearse.slnx above '{AppContext.BaseDirectory}'.");
    }
}

namespace Rehearse.Speech.Api.Hosting;

/// <summary>
/// The directory holding the model files laid out by <c>scripts/lib/models.sh</c>. Resolved once at start:
/// <c>Speech:ModelsDirectory</c>, else <c>$REHEARSE_MODELS_DIR</c>, else <c>$REHEARSE_CACHE_DIR/models</c>,
/// else <c>~/.cache/rehearse/models</c>.
/// </summary>
public sealed class ModelDirectory
{
    /// <summary>Creates the resolved directory.</summary>
    public ModelDirectory(string path) => Path = path;

    /// <summary>Absolute path of the model directory.</summary>
    public string Path { get; }

    /// <summary>Resolves the directory from configuration and the environment.</summary>
    public static ModelDirectory Resolve(IConfiguration configuration)
    {
        var configured = configuration["Speech:ModelsDirectory"];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new ModelDirectory(System.IO.Path.GetFullPath(configured));
        }
        var models = Environment.GetEnvironmentVariable("REHEARSE_MODELS_DIR");
        if (!string.IsNullOrWhiteSpace(models))
        {
            return new ModelDirectory(System.IO.Path.GetFullPath(models));
        }
        var cache = Environment.GetEnvironmentVariable("REHEARSE_CACHE_DIR");
        if (string.IsNullOrWhiteSpace(cache))
        {
            var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            cache = System.IO.Path.Combine(
                string.IsNullOrWhiteSpace(xdg)
                    ? System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache")
                    : xdg,
                "rehearse");
        }
        return new ModelDirectory(System.IO.Path.Combine(cache, "models"));
    }
}

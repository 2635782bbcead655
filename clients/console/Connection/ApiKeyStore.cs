using System.Security.Cryptography;
using Rehearse.Console.Cli;

namespace Rehearse.Console.Connection;

/// <summary>
/// The API key that identifies this user to the Interview service when none is given: kept in
/// <c>$XDG_CONFIG_HOME/rehearse/api-key</c> (default <c>~/.config/rehearse/api-key</c>) and created on first use,
/// so a person's sessions stay theirs across runs. The server creates the user on the key's first use.
/// </summary>
public static class ApiKeyStore
{
    /// <summary>The key file's path.</summary>
    public static string KeyFilePath
    {
        get
        {
            var config = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
            if (string.IsNullOrEmpty(config))
            {
                config = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
            }
            return Path.Combine(config, "rehearse", "api-key");
        }
    }

    /// <summary>Reads the stored key, creating it (readable by the owner only) when there is none.</summary>
    public static string LoadOrCreate()
    {
        if (Load() is { } stored)
        {
            return stored;
        }
        // 32 URL-safe characters: within the service's 16-128 character rule.
        var key = Base64Url(RandomNumberGenerator.GetBytes(24));
        Save(key);
        return key;
    }

    /// <summary>The stored key, or null when there is none yet.</summary>
    public static string? Load()
    {
        var path = KeyFilePath;
        try
        {
            var stored = File.Exists(path) ? File.ReadAllText(path).Trim() : "";
            return stored.Length > 0 ? stored : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CliException.File(path, e);
        }
    }

    /// <summary>Stores <paramref name="key"/> as this user's key (readable by the owner only), replacing any other.</summary>
    public static void Save(string key)
    {
        var path = KeyFilePath;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }
            using var writer = new StreamWriter(path, options);
            writer.WriteLine(key);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CliException.File(path, e);
        }
    }

    /// <summary>The service's rule for keys: 16 to 128 letters, digits, '-' and '_'.</summary>
    public static bool IsWellFormed(string key) =>
        key.Length is >= 16 and <= 128 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

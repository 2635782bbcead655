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
        var path = KeyFilePath;
        try
        {
            if (File.Exists(path))
            {
                var stored = File.ReadAllText(path).Trim();
                if (stored.Length > 0)
                {
                    return stored;
                }
            }
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            // 32 URL-safe characters: within the service's 16-128 character rule.
            var key = Base64Url(RandomNumberGenerator.GetBytes(24));
            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }
            using (var writer = new StreamWriter(path, options))
            {
                writer.WriteLine(key);
            }
            return key;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CliException.File(path, e);
        }
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

using Rehearse.Console.FunctionalTests.Infrastructure;

namespace Rehearse.Console.FunctionalTests;

/// <summary><c>rehearse key</c>: the key shown is the one used, and a key from the web page replaces it.</summary>
public sealed class KeyCommandTests : IDisposable
{
    private readonly Cli _cli = new();

    public void Dispose() => _cli.Dispose();

    private string KeyFile => Path.Combine(_cli.Home, ".config", "rehearse", "api-key");

    [Fact]
    public async Task Key_show_prints_the_stored_key_creating_it_on_first_use()
    {
        var first = await _cli.RunAsync("key", "show");
        var second = await _cli.RunAsync("key", "show");

        Assert.True(first.ExitCode == 0, first.ToString());
        var key = first.Stdout.Trim();
        Assert.Matches("^[A-Za-z0-9_-]{32}$", key);
        Assert.Equal(key, second.Stdout.Trim());
        Assert.Equal(key, File.ReadAllText(KeyFile).Trim());
        Assert.Contains(KeyFile, first.Stderr, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyFile));
        }

        var given = await _cli.RunAsync(["key", "show"], environment: new Dictionary<string, string> { ["REHEARSE_API_KEY"] = "from-the-environment-0123" });
        Assert.Equal("from-the-environment-0123", given.Stdout.Trim());
    }

    [Fact]
    public async Task Key_use_stores_the_pages_key_and_prints_the_one_it_replaces()
    {
        var previous = (await _cli.RunAsync("key", "show")).Stdout.Trim();
        const string pageKey = "PageKey_0123456789-abcdefghijklm";

        var used = await _cli.RunAsync("key", "use", pageKey);

        Assert.True(used.ExitCode == 0, used.ToString());
        Assert.Contains($"The previous key was {previous}", used.Stderr, StringComparison.Ordinal);
        Assert.Equal(pageKey, File.ReadAllText(KeyFile).Trim());
        Assert.Equal(pageKey, (await _cli.RunAsync("key", "show")).Stdout.Trim());
    }

    [Fact]
    public async Task Key_use_refuses_a_malformed_key_and_keeps_the_stored_one()
    {
        var stored = (await _cli.RunAsync("key", "show")).Stdout.Trim();

        var result = await _cli.RunAsync("key", "use", "short key!");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("rehearse: usage: KEY: ", Assert.Single(result.ErrorLines));
        Assert.Equal(stored, File.ReadAllText(KeyFile).Trim());
    }
}

using System.Reflection;

namespace Rehearse.Console.FunctionalTests.Infrastructure;

/// <summary>The built programs under test (paths recorded at build time by the project file).</summary>
public static class BuiltPrograms
{
    /// <summary>rehearse.dll.</summary>
    public static string Cli => Path("RehearseCli");

    /// <summary>Rehearse.Speech.Api.dll.</summary>
    public static string SpeechService => Path("SpeechService");

    /// <summary>Rehearse.CodeRunner.Api.dll.</summary>
    public static string CodeRunnerService => Path("CodeRunnerService");

    /// <summary>Rehearse.Interview.Api.dll.</summary>
    public static string InterviewService => Path("InterviewService");

    private static string Path(string key)
    {
        var path = typeof(BuiltPrograms).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
        return File.Exists(path) ? path : throw new InvalidOperationException($"{path} is not built; build the test project (it builds its programs).");
    }
}

namespace Rehearse.Interview.Infrastructure.Migrations;

/// <summary>Orleans' PostgreSQL scripts, embedded in this assembly for the migration that applies them.</summary>
internal static class OrleansScripts
{
    public static string Read(string name)
    {
        using var stream = typeof(OrleansScripts).Assembly.GetManifestResourceStream($"Rehearse.Interview.Infrastructure.Orleans.{name}")
            ?? throw new InvalidOperationException($"The Orleans script {name} is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

namespace Rehearse.Testing;

/// <summary>One recording of the shared corpus with its published reference transcript.</summary>
/// <param name="File">Full path of the 16 kHz mono 16-bit WAV file.</param>
/// <param name="DurationSeconds">Length of the recording.</param>
/// <param name="Reference">The transcript published with the audio (styles differ: normalise before scoring).</param>
/// <param name="Category">clean, other, spontaneous or archival.</param>
public sealed record SpeechClip(string File, double DurationSeconds, string Reference, string Category)
{
    /// <summary>The file name without its directory, e.g. <c>whisper_jfk.wav</c>.</summary>
    public string Name => Path.GetFileName(File);
}

/// <summary>Reads <c>manifest.tsv</c> of the shared speech recordings.</summary>
public static class SpeechCorpus
{
    /// <summary>The clips, or <c>null</c> when the shared recordings are not present.</summary>
    public static IReadOnlyList<SpeechClip>? Load()
    {
        var directory = TestPaths.SharedSpeechDirectory;
        if (directory is null)
        {
            return null;
        }
        var lines = File.ReadAllLines(Path.Combine(directory, "manifest.tsv"));
        var header = lines[0].Split('\t');
        int Column(string name) => Array.IndexOf(header, name) is var i and >= 0
            ? i
            : throw new InvalidDataException($"manifest.tsv has no '{name}' column");
        int file = Column("file"), duration = Column("duration_s"), reference = Column("reference"), category = Column("category");
        return lines.Skip(1)
            .Where(line => line.Length > 0)
            .Select(line => line.Split('\t'))
            .Select(cells => new SpeechClip(
                Path.Combine(directory, cells[file]),
                double.Parse(cells[duration], System.Globalization.CultureInfo.InvariantCulture),
                cells[reference],
                cells[category]))
            .ToList();
    }

    /// <summary>One clip by file name, or <c>null</c> when the shared recordings are not present.</summary>
    public static SpeechClip? Find(string name) => Load()?.Single(clip => clip.Name == name);
}

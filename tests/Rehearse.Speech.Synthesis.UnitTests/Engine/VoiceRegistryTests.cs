using Rehearse.Speech.Synthesis.Piper;
using Rehearse.Speech.Synthesis.Voices;
using Rehearse.Testing;

namespace Rehearse.Speech.Synthesis.UnitTests.Engine;

public sealed class VoiceRegistryTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("rehearse-voicepacks-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void The_built_in_pack_is_valid_and_its_curated_voices_are_distinct()
    {
        var pack = VoicePackDescription.Load(Path.Combine(AppContext.BaseDirectory, SynthesisOptions.BuiltInVoicePack));
        Assert.Equal("piper", pack.Family);
        Assert.Equal(904, pack.SpeakerCount);
        Assert.Equal(22050, pack.SampleRate);
        Assert.NotEmpty(pack.Voices);
        Assert.Equal(pack.Voices.Count, pack.Voices.Select(v => v.Speaker).Distinct().Count());
        Assert.All(pack.Voices, v => Assert.NotEqual(VoiceGender.Unspecified, v.Gender));
    }

    [Fact]
    public void Skips_an_optional_pack_whose_model_is_not_installed()
    {
        var file = WritePack("kokoro-later", "kokoro", "kokoro/missing.onnx", optional: true);
        var error = Assert.Throws<InvalidOperationException>(() => Load(file));
        // Skipped, not failed: what remains is the complaint that nothing was loaded.
        Assert.Contains("no voice pack could be loaded", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_required_pack_whose_model_is_missing()
    {
        var file = WritePack("needed", "piper", "piper/missing.onnx", optional: false);
        var error = Assert.Throws<FileNotFoundException>(() => Load(file));
        Assert.Contains("missing.onnx", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_family_it_cannot_load()
    {
        var file = WritePack("other-family", "kokoro", "piper/en_US-libritts_r-medium/model.onnx", optional: false);
        var error = Assert.Throws<InvalidOperationException>(() => Load(file));
        Assert.Contains("family 'kokoro'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_pack_with_a_speaker_outside_the_model()
    {
        var file = Path.Combine(_directory, "bad.json");
        File.WriteAllText(file, """
            { "id": "bad", "family": "piper", "languageCode": "en-US", "sampleRate": 22050, "model": "m.onnx",
              "speakerCount": 10, "voices": [ { "id": "v", "displayName": "V", "speaker": 10, "gender": "Male" } ] }
            """);
        var error = Assert.Throws<InvalidDataException>(() => VoicePackDescription.Load(file));
        Assert.Contains("speaker 10, outside 0..9", error.Message, StringComparison.Ordinal);
    }

    private static VoiceRegistry Load(string packFile)
    {
        var options = new SynthesisOptions { VoicePacks = [packFile] };
        return VoiceRegistry.Load(options, TestPaths.ModelsDirectory, [new PiperVoiceModelLoader(options)]);
    }

    private string WritePack(string id, string family, string model, bool optional)
    {
        var file = Path.Combine(_directory, id + ".json");
        File.WriteAllText(file, $$"""
            { "id": "{{id}}", "family": "{{family}}", "languageCode": "en-US", "sampleRate": 24000,
              "model": "{{model}}", "optional": {{(optional ? "true" : "false")}}, "voices": [] }
            """);
        return file;
    }
}

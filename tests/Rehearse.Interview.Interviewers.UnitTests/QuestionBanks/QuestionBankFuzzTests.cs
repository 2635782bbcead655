using System.Text;
using Rehearse.Interview.Interviewers.QuestionBanks;

namespace Rehearse.Interview.Interviewers.UnitTests.QuestionBanks;

/// <summary>
/// Broken question bank files (the built-in banks mutated: bits flipped, cut short, lines repeated or shuffled,
/// structure swapped for scalars, alias bombs, deep nesting, huge values) are either accepted or refused with a
/// <see cref="QuestionBankException"/> naming the file: the service's start-up never fails any other way.
/// </summary>
public sealed class QuestionBankFuzzTests : IDisposable
{
    private const int Seed = 20261207;
    private readonly string _directory = Directory.CreateTempSubdirectory("rehearse-bank-fuzz-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Mutated_banks_are_accepted_or_refused_with_the_file_named()
    {
        using var resource = typeof(QuestionBankLoader).Assembly.GetManifestResourceStream("Rehearse.Interview.Interviewers.QuestionBanks.backend.yaml")!;
        var original = new StreamReader(resource).ReadToEnd();
        var accepted = 0;
        for (var i = 0; i < 300; i++)
        {
            var random = new Random(Seed + i);
            var json = random.Next(3) == 0;
            var name = json ? "fuzz.json" : "fuzz.yaml";
            var content = Mutate(json ? AsJson(original, random) : original, random);
            try
            {
                QuestionBankLoader.Parse([(name, content)]);
                accepted++;
            }
            catch (QuestionBankException e)
            {
                Assert.True(e.Message.Contains(name, StringComparison.Ordinal), $"case {Seed + i}: the message does not name the file: {e.Message}");
            }
            catch (Exception e)
            {
                Assert.Fail($"case {Seed + i} ({name}, {content.Length} characters, starting {Escape(content[..Math.Min(content.Length, 200)])}): {e.GetType().Name}: {e.Message}");
            }
        }
        Assert.InRange(accepted, 1, 299); // both outcomes happened, so the mutations neither break everything nor nothing
    }

    [Fact]
    public void A_directory_of_broken_files_fails_start_up_with_every_file_named()
    {
        var random = new Random(Seed);
        File.WriteAllBytes(Path.Combine(_directory, "binary.yaml"), RandomBytes(random, 4096));
        File.WriteAllText(Path.Combine(_directory, "bomb.yaml"), AliasBomb());
        File.WriteAllText(Path.Combine(_directory, "deep.json"), new string('[', 5000) + new string(']', 5000));
        File.WriteAllText(Path.Combine(_directory, "empty.yml"), "");
        File.WriteAllText(Path.Combine(_directory, "ignored.txt"), "not a bank");

        var error = Assert.Throws<QuestionBankException>(() => QuestionBankLoader.Load(_directory));

        foreach (var file in new[] { "binary.yaml", "bomb.yaml", "deep.json", "empty.yml" })
        {
            Assert.Contains(file, error.Message, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("ignored.txt", error.Message, StringComparison.Ordinal);
    }

    private static string Mutate(string bank, Random random)
    {
        var lines = bank.Split('\n').ToList();
        switch (random.Next(11))
        {
            case 0:
                var bytes = Encoding.UTF8.GetBytes(bank);
                for (var flips = random.Next(1, 20); flips > 0; flips--)
                {
                    bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                }
                return Encoding.UTF8.GetString(bytes);
            case 1:
                return bank[..random.Next(bank.Length)];
            case 2:
                var line = lines[random.Next(lines.Count)];
                lines.InsertRange(random.Next(lines.Count), Enumerable.Repeat(line, random.Next(2, 500)));
                return string.Join('\n', lines);
            case 3:
                random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(lines));
                return string.Join('\n', lines);
            case 4:
                return AliasBomb();
            case 5:
                var depth = random.Next(50, 5_000);
                return random.Next(2) == 0 ? new string('[', depth) + new string(']', depth) : string.Concat(Enumerable.Repeat("- ", depth)) + "x";
            case 6:
                return bank.Replace("text: ", "text: " + new string('x', random.Next(600, 50_000)) + " ", StringComparison.Ordinal);
            case 7:
                // Scalars where lists or maps belong, and the other way round.
                string[] swaps = ["keyPoints:", "questions:", "keywords:", "followUps:", "difficulty:", "type:", "role:", "id:"];
                var swap = swaps[random.Next(swaps.Length)];
                string[] replacements = [" 12", " ~", " {}", " []", " [a, b]", " {a: b}", " !!binary AAAA", " *undefined", " &a x", " 1e999"];
                return bank.Replace(swap, swap + replacements[random.Next(replacements.Length)] + "\n  zzz:", StringComparison.Ordinal);
            case 8:
                return Encoding.UTF8.GetString(RandomBytes(random, random.Next(1, 4096)));
            case 9:
                return "%YAML 1.1\n%TAG ! tag:example.com,2000:\n--- !<tag:yaml.org,2002:python/object:os.system> [\"id\"]\n" + bank;
            default:
                return string.Join('\n', lines.Select(l => random.Next(20) == 0 ? "\t" + l : l));
        }
    }

    private static string AsJson(string yaml, Random random)
    {
        var document = new YamlDotNet.Serialization.DeserializerBuilder().Build().Deserialize<object>(yaml);
        var json = System.Text.Json.JsonSerializer.Serialize(document);
        return random.Next(2) == 0 ? json : json.Replace("\"questions\"", "\"questions\":1,\"x\"", StringComparison.Ordinal);
    }

    private static string AliasBomb()
    {
        var bomb = new StringBuilder("role: backend\ndisplayName: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var level = 1; level < 10; level++)
        {
            bomb.Append($"x{level}: &a{level} [").Append(string.Join(", ", Enumerable.Repeat($"*a{level - 1}", 9))).Append("]\n");
        }
        return bomb.Append("questions: *a9\n").ToString();
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static string Escape(string text) => text.Replace("\n", "\\n", StringComparison.Ordinal);
}

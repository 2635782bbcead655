using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Rehearse.Interview.Interviewers.QuestionBanks;

/// <summary>
/// Reads question banks: the built-in ones shipped in this assembly and user banks (*.yaml, *.yml, *.json) from a
/// directory, validating every file and collecting every problem before failing. Built-in questions must be
/// complete (follow-ups and an example answer besides the key points); in user banks those two are optional.
/// </summary>
public static partial class QuestionBankLoader
{
    /// <summary>Longest question text accepted.</summary>
    public const int MaxQuestionLength = 600;

    /// <summary>Most key points per question.</summary>
    public const int MaxKeyPoints = 8;

    private const string ResourcePrefix = "Rehearse.Interview.Interviewers.QuestionBanks.";

    private static readonly IDeserializer Yaml = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .Build();

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>Loads the built-in banks and, when <paramref name="userDirectory"/> is set, the user banks in it.</summary>
    /// <exception cref="QuestionBankException">A file is not valid, or the directory does not exist.</exception>
    public static QuestionBankCatalog Load(string? userDirectory)
    {
        var files = new List<(string Name, string Content, bool RequireComplete)>();
        var assembly = typeof(QuestionBankLoader).Assembly;
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            files.Add((resource[ResourcePrefix.Length..], ReadResource(assembly, resource), true));
        }

        if (!string.IsNullOrWhiteSpace(userDirectory))
        {
            if (!Directory.Exists(userDirectory))
            {
                throw new QuestionBankException(
                    $"Interviewers:QuestionBanks:Directory '{userDirectory}' does not exist.");
            }

            foreach (var path in Directory.EnumerateFiles(userDirectory)
                         .Where(IsBankFile)
                         .Order(StringComparer.Ordinal))
            {
                files.Add((path, File.ReadAllText(path), false));
            }
        }

        return ParseFiles(files);
    }

    /// <summary>
    /// Validates and merges bank files given as (name, content); a name ending in .json is read as JSON, others as
    /// YAML. With <paramref name="requireComplete"/>, every question must also have follow-ups and an example answer,
    /// as the built-in banks must.
    /// </summary>
    /// <exception cref="QuestionBankException">A file is not valid.</exception>
    public static QuestionBankCatalog Parse(IEnumerable<(string Name, string Content)> files, bool requireComplete = false)
    {
        ArgumentNullException.ThrowIfNull(files);
        return ParseFiles(files.Select(f => (f.Name, f.Content, requireComplete)));
    }

    private static QuestionBankCatalog ParseFiles(IEnumerable<(string Name, string Content, bool RequireComplete)> files)
    {
        var errors = new List<QuestionBankError>();
        var questions = new List<BankQuestion>();
        var roleNames = new Dictionary<string, string>(StringComparer.Ordinal);
        var seenIds = new Dictionary<string, string>(StringComparer.Ordinal);

        foreach (var (name, content, requireComplete) in files)
        {
            var document = Deserialize(name, content, errors);
            if (document is null)
            {
                continue;
            }

            Validate(name, document, requireComplete, roleNames, seenIds, questions, errors);
        }

        if (errors.Count > 0)
        {
            throw new QuestionBankException(errors);
        }

        return new QuestionBankCatalog(questions, roleNames);
    }

    private static bool IsBankFile(string path)
    {
        var extension = Path.GetExtension(path);
        return extension.Equals(".yaml", StringComparison.OrdinalIgnoreCase)
            || extension.Equals(".yml", StringComparison.OrdinalIgnoreCase)
            || extension.Equals(".json", StringComparison.OrdinalIgnoreCase);
    }

    private static string ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded question bank '{name}' is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static QuestionBankDocument? Deserialize(string name, string content, List<QuestionBankError> errors)
    {
        try
        {
            var document = name.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
                ? JsonSerializer.Deserialize<QuestionBankDocument>(content, Json)
                : Yaml.Deserialize<QuestionBankDocument>(content);
            if (document is null)
            {
                errors.Add(new QuestionBankError(name, null, "the file is empty"));
            }

            return document;
        }
        catch (YamlException e)
        {
            var detail = (e.InnerException ?? e).Message;
            errors.Add(new QuestionBankError(name, null, $"line {e.Start.Line}, column {e.Start.Column}: {detail}"));
        }
        catch (JsonException e)
        {
            errors.Add(new QuestionBankError(name, null, $"line {e.LineNumber + 1}, path {e.Path}: {e.Message}"));
        }

        return null;
    }

    private static void Validate(
        string file,
        QuestionBankDocument document,
        bool requireComplete,
        Dictionary<string, string> roleNames,
        Dictionary<string, string> seenIds,
        List<BankQuestion> questions,
        List<QuestionBankError> errors)
    {
        var role = document.Role?.Trim();
        if (string.IsNullOrEmpty(role) || !IdPattern().IsMatch(role))
        {
            errors.Add(new QuestionBankError(file, null,
                "role: required, lower-case letters, digits and '-' (e.g. \"backend\")"));
            return;
        }

        var displayName = document.DisplayName?.Trim();
        if (!string.IsNullOrEmpty(displayName))
        {
            roleNames.TryAdd(role, displayName);
        }
        else if (!roleNames.ContainsKey(role))
        {
            errors.Add(new QuestionBankError(file, null,
                $"displayName: required for role '{role}', which no other bank defines"));
        }

        if (document.Questions is not { Count: > 0 })
        {
            errors.Add(new QuestionBankError(file, null, "questions: at least one question is required"));
            return;
        }

        for (var position = 0; position < document.Questions.Count; position++)
        {
            var question = document.Questions[position];
            var label = string.IsNullOrWhiteSpace(question?.Id) ? $"#{position + 1}" : question.Id.Trim();
            var before = errors.Count;
            if (question is null)
            {
                errors.Add(new QuestionBankError(file, label, "the entry is empty"));
                continue;
            }

            void Fail(string problem) => errors.Add(new QuestionBankError(file, label, problem));

            var id = question.Id?.Trim() ?? "";
            if (id.Length == 0)
            {
                Fail("id: required");
            }
            else if (!IdPattern().IsMatch(id))
            {
                Fail("id: use lower-case letters, digits and '-' only");
            }
            else if (seenIds.TryGetValue(id, out var firstFile))
            {
                Fail($"id: duplicate; already used in {firstFile}");
            }

            var kind = ParseKind(question.Type);
            if (kind is null)
            {
                Fail($"type: must be technical, behavioral or system-design (was '{question.Type}')");
            }

            var difficulty = ParseDifficulty(question.Difficulty);
            if (difficulty is null)
            {
                Fail($"difficulty: must be easy, medium or hard (was '{question.Difficulty}')");
            }

            var text = Normalize(question.Text);
            if (text.Length == 0)
            {
                Fail("text: required");
            }
            else if (text.Length > MaxQuestionLength)
            {
                Fail($"text: at most {MaxQuestionLength} characters (was {text.Length})");
            }

            var keyPoints = new List<KeyPoint>();
            if (question.KeyPoints is not { Count: > 0 })
            {
                Fail("keyPoints: at least one key point is required");
            }
            else if (question.KeyPoints.Count > MaxKeyPoints)
            {
                Fail($"keyPoints: at most {MaxKeyPoints} (was {question.KeyPoints.Count})");
            }
            else
            {
                for (var k = 0; k < question.KeyPoints.Count; k++)
                {
                    var keyPoint = question.KeyPoints[k];
                    var point = Normalize(keyPoint?.Point);
                    var keywords = (keyPoint?.Keywords ?? []).Select(Normalize).Where(w => w.Length > 0).ToArray();
                    if (point.Length == 0)
                    {
                        Fail($"keyPoints[{k + 1}].point: required");
                    }

                    if (keywords.Length == 0)
                    {
                        Fail($"keyPoints[{k + 1}].keywords: at least one keyword is required");
                    }

                    keyPoints.Add(new KeyPoint(point, keywords));
                }
            }

            var followUps = (question.FollowUps ?? []).Select(Normalize).ToArray();
            if (followUps.Any(f => f.Length == 0))
            {
                Fail("followUps: entries must not be empty");
            }
            else if (requireComplete && followUps.Length == 0)
            {
                Fail("followUps: at least one follow-up is required in a built-in bank");
            }

            var exampleAnswer = Normalize(question.ExampleAnswer);
            if (requireComplete && exampleAnswer.Length == 0)
            {
                Fail("exampleAnswer: required in a built-in bank");
            }

            if (errors.Count > before)
            {
                continue;
            }

            seenIds[id] = file;
            questions.Add(new BankQuestion(
                id,
                role,
                kind!.Value,
                difficulty!.Value,
                text,
                (question.Tags ?? []).Select(Normalize).Where(t => t.Length > 0).ToArray(),
                keyPoints,
                followUps,
                exampleAnswer.Length == 0 ? null : exampleAnswer,
                file));
        }
    }

    internal static InterviewKind? ParseKind(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "technical" => InterviewKind.Technical,
        "behavioral" or "behavioural" => InterviewKind.Behavioral,
        "system-design" or "system_design" or "systemdesign" => InterviewKind.SystemDesign,
        _ => null,
    };

    internal static DifficultyLevel? ParseDifficulty(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "easy" => DifficultyLevel.Easy,
        "medium" => DifficultyLevel.Medium,
        "hard" => DifficultyLevel.Hard,
        _ => null,
    };

    // Folded YAML scalars keep line breaks; questions are spoken, so collapse whitespace.
    private static string Normalize(string? value) =>
        value is null ? "" : WhitespacePattern().Replace(value, " ").Trim();

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespacePattern();
}

using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Rehearse.CodeRunner.Sandbox;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Rehearse.CodeRunner.Problems.Catalog;

/// <summary>
/// Reads problems: the built-in ones shipped in this assembly and user problems (*.yaml, *.yml, *.json, one
/// problem a file) from a directory, validating every file and collecting every problem before failing.
/// </summary>
public static partial class ProblemLoader
{
    /// <summary>Longest statement accepted.</summary>
    public const int MaxStatementLength = 8000;

    /// <summary>Most tests (examples and hidden) per problem.</summary>
    public const int MaxTests = 100;

    /// <summary>Longest JSON text of one test's input or expected value.</summary>
    public const int MaxTestJsonLength = 64 * 1024;

    private const string ResourcePrefix = "Rehearse.CodeRunner.Problems.Problems.";

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

    private static readonly Dictionary<string, CodeLanguage> LanguageNames = new(StringComparer.Ordinal)
    {
        ["python"] = CodeLanguage.Python,
        ["javascript"] = CodeLanguage.JavaScript,
    };

    /// <summary>Loads the built-in problems and, when <paramref name="userDirectory"/> is set, the user problems in it.</summary>
    /// <exception cref="ProblemFileException">A file is not valid, or the directory does not exist.</exception>
    public static ProblemCatalog Load(string? userDirectory)
    {
        var files = new List<(string Name, string Content)>();
        var assembly = typeof(ProblemLoader).Assembly;
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            files.Add((resource[ResourcePrefix.Length..], ReadResource(assembly, resource)));
        }
        if (!string.IsNullOrWhiteSpace(userDirectory))
        {
            if (!Directory.Exists(userDirectory))
            {
                throw new ProblemFileException($"CodeRunner:Problems:Directory '{userDirectory}' does not exist.");
            }
            foreach (var path in Directory.EnumerateFiles(userDirectory).Where(IsProblemFile).Order(StringComparer.Ordinal))
            {
                files.Add((path, File.ReadAllText(path)));
            }
        }
        return Parse(files);
    }

    /// <summary>Validates problem files given as (name, content); a name ending in .json is read as JSON, others as YAML.</summary>
    /// <exception cref="ProblemFileException">A file is not valid.</exception>
    public static ProblemCatalog Parse(IEnumerable<(string Name, string Content)> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var errors = new List<ProblemFileError>();
        var problems = new List<CodingProblem>();
        var seenIds = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, content) in files)
        {
            var document = Deserialize(name, content, errors);
            if (document is not null && Validate(name, document, seenIds, errors) is { } problem)
            {
                problems.Add(problem);
            }
        }
        if (errors.Count > 0)
        {
            throw new ProblemFileException(errors);
        }
        return new ProblemCatalog(problems);
    }

    private static bool IsProblemFile(string path) =>
        Path.GetExtension(path).ToLowerInvariant() is ".yaml" or ".yml" or ".json";

    private static string ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded problem '{name}' is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static ProblemDocument? Deserialize(string name, string content, List<ProblemFileError> errors)
    {
        try
        {
            var document = name.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
                ? JsonSerializer.Deserialize<ProblemDocument>(content, Json)
                : Yaml.Deserialize<ProblemDocument>(content);
            if (document is null)
            {
                errors.Add(new ProblemFileError(name, "the file is empty"));
            }
            return document;
        }
        catch (YamlException e)
        {
            errors.Add(new ProblemFileError(name, $"line {e.Start.Line}, column {e.Start.Column}: {(e.InnerException ?? e).Message}"));
        }
        catch (JsonException e)
        {
            errors.Add(new ProblemFileError(name, $"line {e.LineNumber + 1}, path {e.Path}: {e.Message}"));
        }
        return null;
    }

    private static CodingProblem? Validate(string file, ProblemDocument document, Dictionary<string, string> seenIds, List<ProblemFileError> errors)
    {
        var before = errors.Count;
        void Fail(string problem) => errors.Add(new ProblemFileError(file, problem));

        var id = document.Id?.Trim() ?? "";
        if (!IdPattern().IsMatch(id))
        {
            Fail($"id: required, lower-case letters, digits and '-' (e.g. \"two-sum\") (was '{id}')");
        }
        else if (seenIds.TryGetValue(id, out var first))
        {
            Fail($"id: '{id}' is already used in {first}");
        }
        var title = document.Title?.Trim() ?? "";
        if (title.Length is 0 or > 100)
        {
            Fail("title: required, at most 100 characters");
        }
        var difficulty = document.Difficulty?.Trim().ToLowerInvariant() switch
        {
            "easy" => ProblemDifficulty.Easy,
            "medium" => ProblemDifficulty.Medium,
            "hard" => ProblemDifficulty.Hard,
            _ => (ProblemDifficulty?)null,
        };
        if (difficulty is null)
        {
            Fail($"difficulty: must be easy, medium or hard (was '{document.Difficulty}')");
        }
        var tags = (document.Tags ?? []).Select(t => t?.Trim() ?? "").ToArray();
        if (tags.Length == 0 || tags.Any(t => !IdPattern().IsMatch(t)))
        {
            Fail("tags: at least one, each lower-case letters, digits and '-'");
        }
        var statement = document.Statement?.Trim() ?? "";
        if (statement.Length is 0 or > MaxStatementLength)
        {
            Fail($"statement: required, at most {MaxStatementLength} characters (was {statement.Length})");
        }

        var entry = ValidateEntry(document, Fail);
        var comparison = document.Compare?.Trim().ToLowerInvariant() switch
        {
            null or "" or "exact" => ResultComparison.Exact,
            "unordered" => ResultComparison.Unordered,
            "unordered-nested" => ResultComparison.UnorderedNested,
            _ => (ResultComparison?)null,
        };
        if (comparison is null)
        {
            Fail($"compare: must be exact, unordered or unordered-nested (was '{document.Compare}')");
        }

        var starter = new Dictionary<CodeLanguage, string>();
        foreach (var (language, code) in document.StarterCode ?? [])
        {
            if (!LanguageNames.TryGetValue(language, out var known))
            {
                Fail($"starterCode.{language}: unknown language (use {string.Join(", ", LanguageNames.Keys)})");
            }
            else if (string.IsNullOrWhiteSpace(code))
            {
                Fail($"starterCode.{language}: must not be empty");
            }
            else
            {
                starter[known] = code.TrimEnd() + "\n";
            }
        }
        foreach (var (name, language) in LanguageNames)
        {
            if (!starter.ContainsKey(language))
            {
                Fail($"starterCode.{name}: required");
            }
        }

        var examples = ValidateTests("examples", document.Examples, entry, Fail);
        var hidden = ValidateTests("tests", document.Tests, entry, Fail);
        if (examples.Count == 0)
        {
            Fail("examples: at least one visible example is required");
        }
        if (hidden.Count == 0)
        {
            Fail("tests: at least one hidden test is required");
        }
        if (examples.Count + hidden.Count > MaxTests)
        {
            Fail($"examples and tests: at most {MaxTests} in all (was {examples.Count + hidden.Count})");
        }

        var time = document.Complexity?.Time?.Trim() ?? "";
        var space = document.Complexity?.Space?.Trim() ?? "";
        if (time.Length == 0 || space.Length == 0)
        {
            Fail("complexity: time and space are required (e.g. {time: O(n), space: O(1)})");
        }
        var hints = (document.Hints ?? []).Select(h => h?.Trim() ?? "").ToArray();
        if (hints.Any(h => h.Length == 0))
        {
            Fail("hints: entries must not be empty");
        }
        var points = new List<ExplanationPoint>();
        var explanation = document.Explanation ?? [];
        if (explanation.Count == 0)
        {
            Fail("explanation: at least one point a good explanation covers is required");
        }
        for (var i = 0; i < explanation.Count; i++)
        {
            var point = explanation[i]?.Point?.Trim() ?? "";
            var keywords = (explanation[i]?.Keywords ?? []).Select(k => k?.Trim() ?? "").Where(k => k.Length > 0).ToArray();
            if (point.Length == 0 || keywords.Length == 0)
            {
                Fail($"explanation[{i + 1}]: point and at least one keyword are required");
            }
            points.Add(new ExplanationPoint(point, keywords));
        }
        TimeSpan? timeLimit = null;
        if (!string.IsNullOrWhiteSpace(document.TimeLimit))
        {
            if (TimeSpan.TryParse(document.TimeLimit, CultureInfo.InvariantCulture, out var parsed) && parsed > TimeSpan.Zero && parsed <= TimeSpan.FromSeconds(30))
            {
                timeLimit = parsed;
            }
            else
            {
                Fail($"timeLimit: a duration above 0 and at most 00:00:30 (was '{document.TimeLimit}')");
            }
        }

        if (errors.Count > before)
        {
            return null;
        }
        seenIds[id] = file;
        return new CodingProblem(id, title, difficulty!.Value, tags, statement, entry!, comparison!.Value, starter,
            examples, hidden, time, space, hints, points, timeLimit, file);
    }

    private static ProblemEntry? ValidateEntry(ProblemDocument document, Action<string> fail)
    {
        if ((document.Function is null) == (document.Class is null))
        {
            fail("function or class: exactly one is required");
            return null;
        }
        var kind = document.Function is not null ? EntryKind.Function : EntryKind.Class;
        var field = kind == EntryKind.Function ? "function" : "class";
        var entry = document.Function ?? document.Class!;
        var name = entry.Name?.Trim() ?? "";
        var valid = true;
        if (!EntryNamePattern().IsMatch(name))
        {
            fail($"{field}.name: required, an identifier (was '{name}')");
            valid = false;
        }
        var parameters = entry.Params ?? [];
        var types = new List<string>();
        for (var i = 0; i < parameters.Count; i++)
        {
            var type = parameters[i]?.Type?.Trim() ?? "";
            if (string.IsNullOrWhiteSpace(parameters[i]?.Name) || !TypePattern().IsMatch(type))
            {
                fail($"{field}.params[{i + 1}]: name and type required; type one of int, float, bool, string, any, ListNode, TreeNode, with [] for arrays (was '{type}')");
                valid = false;
            }
            types.Add(type);
        }
        var returns = entry.Returns?.Trim() ?? (kind == EntryKind.Class ? "any" : "");
        if (!TypePattern().IsMatch(returns) && returns != "void")
        {
            fail($"{field}.returns: a type (int, float, bool, string, any, void, ListNode, TreeNode, with [] for arrays) (was '{returns}')");
            valid = false;
        }
        return valid ? new ProblemEntry(kind, name, types, returns) : null;
    }

    private static List<ProblemTest> ValidateTests(string field, List<TestDocument?>? tests, ProblemEntry? entry, Action<string> fail)
    {
        var valid = new List<ProblemTest>();
        for (var i = 0; i < (tests?.Count ?? 0); i++)
        {
            var test = tests![i];
            var label = $"{field}[{i + 1}]";
            if (!TryParse(test?.Input, $"{label}.input", fail, out var input, out var inputText)
                | !TryParse(test?.Expected, $"{label}.expected", fail, out var expected, out var expectedText))
            {
                continue;
            }
            if (entry?.Kind == EntryKind.Function && (input is not JsonArray arguments || arguments.Count != entry.ParameterTypes.Count))
            {
                fail($"{label}.input: a JSON array of {entry.ParameterTypes.Count} argument(s)");
                continue;
            }
            if (entry?.Kind == EntryKind.Class)
            {
                if (input is not JsonObject design || design["operations"] is not JsonArray operations || design["arguments"] is not JsonArray calls
                    || operations.Count == 0 || operations.Count != calls.Count || expected is not JsonArray results || results.Count != operations.Count
                    || operations[0]?.GetValueKind() != JsonValueKind.String || (string?)operations[0] != entry.Name)
                {
                    fail($"{label}: input {{\"operations\": [\"{entry.Name}\", ...], \"arguments\": [[...], ...]}} of equal lengths starting with the constructor, and expected an array of one result per operation");
                    continue;
                }
            }
            valid.Add(new ProblemTest(inputText, expectedText, test?.Explanation?.Trim() ?? ""));
        }
        return valid;
    }

    // The JSON as a node (null for the JSON null) and re-serialized compactly.
    private static bool TryParse(string? json, string field, Action<string> fail, out JsonNode? node, out string text)
    {
        node = null;
        text = "";
        if (string.IsNullOrWhiteSpace(json))
        {
            fail($"{field}: required (a JSON text)");
            return false;
        }
        if (json.Length > MaxTestJsonLength)
        {
            fail($"{field}: at most {MaxTestJsonLength} characters of JSON (was {json.Length})");
            return false;
        }
        try
        {
            node = JsonNode.Parse(json);
            text = node?.ToJsonString() ?? "null";
            return true;
        }
        catch (JsonException e)
        {
            fail($"{field}: not valid JSON ({e.Message})");
            return false;
        }
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,63}$")]
    private static partial Regex EntryNamePattern();

    [GeneratedRegex(@"^(int|float|bool|string|any|ListNode|TreeNode)(\[\])*$")]
    private static partial Regex TypePattern();
}

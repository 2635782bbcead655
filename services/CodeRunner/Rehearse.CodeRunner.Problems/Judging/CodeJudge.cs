using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Rehearse.CodeRunner.Problems.Catalog;
using Rehearse.CodeRunner.Sandbox;

namespace Rehearse.CodeRunner.Problems.Judging;

/// <summary>
/// Runs code in the sandbox: a scratch run as a program with stdin, or a problem run, in which the language's
/// harness loads the candidate's solution and calls it once per test. Results are compared here, outside the
/// sandbox, so expected values (of hidden tests above all) never enter it.
/// </summary>
public sealed class CodeJudge
{
    private const string RecordMark = "\u001e";

    // The most one test's record may take on stdout: the harness refuses results whose JSON is over 64 KiB and
    // keeps 4 KiB of what the candidate printed during the call.
    private const int MaxRecordBytes = 72 * 1024;
    private static readonly IReadOnlyDictionary<CodeLanguage, string> Harnesses = LoadHarnesses();

    private readonly CodeSandbox _sandbox;
    private readonly CodeJudgeOptions _options;

    /// <summary>Creates the judge over a sandbox and a catalogue.</summary>
    public CodeJudge(CodeSandbox sandbox, ProblemCatalog catalog, CodeJudgeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate().ToList();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, problems));
        }
        _sandbox = sandbox;
        Catalog = catalog;
        _options = options;
    }

    /// <summary>The problems.</summary>
    public ProblemCatalog Catalog { get; }

    /// <summary>The sandbox's limits.</summary>
    public SandboxOptions SandboxOptions => _sandbox.Options;

    /// <summary>The languages runs may use.</summary>
    public IReadOnlyCollection<CodeLanguage> Languages => _sandbox.Languages;

    /// <summary>Runs code and judges it against a problem's tests when the request names one.</summary>
    /// <param name="request">The run.</param>
    /// <param name="onOutput">Called with the candidate's output as it appears.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <exception cref="SandboxRequestException">The request breaks a rule; the message names the field and the limit.</exception>
    /// <exception cref="ProblemNotFoundException">The problem does not exist.</exception>
    /// <exception cref="SandboxBusyException">The sandbox runs its maximum of programs.</exception>
    public async Task<CodeRunOutcome> RunAsync(CodeRunRequest request, Func<OutputChunk, ValueTask>? onOutput = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        Validate(request);
        var extension = _sandbox.Runtime(request.Language).FileExtension;
        if (string.IsNullOrEmpty(request.ProblemId))
        {
            var file = "main" + extension;
            var result = await _sandbox.RunAsync(
                new SandboxRun(request.Language, new Dictionary<string, string> { [file] = request.Source }, file, request.Stdin, request.TimeLimit),
                onOutput, cancellationToken).ConfigureAwait(false);
            return new CodeRunOutcome(result, result.Stdout, null, []);
        }

        var problem = Catalog.Find(request.ProblemId) ?? throw ProblemNotFoundException.ForId("problem_id", request.ProblemId);
        var tests = request.Tests == TestSelection.All ? [.. problem.Examples, .. problem.HiddenTests] : problem.Examples;
        var nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var records = new RecordReader(RecordMark + nonce + " ", _sandbox.Options.MaxOutputBytes, onOutput);
        var run = new SandboxRun(
            request.Language,
            new Dictionary<string, string> { ["harness" + extension] = Harnesses[request.Language], ["solution" + extension] = request.Source },
            "harness" + extension,
            Spec(problem, tests, nonce),
            _sandbox.ResolveTimeLimit(request.TimeLimit, problem.TimeLimit),
            // The harness's records share stdout with the candidate's output, whose own limit RecordReader keeps.
            _sandbox.Options.MaxOutputBytes + tests.Count * MaxRecordBytes);
        var outcome = await _sandbox.RunAsync(run, records.OnOutputAsync, cancellationToken).ConfigureAwait(false);
        await records.FlushAsync().ConfigureAwait(false);

        var results = Judge(problem, tests, problem.Examples.Count, records.Records, outcome.Status);
        var verdict = outcome.Status != SandboxStatus.Completed || results.Count < tests.Count ? Verdict.NotCompleted
            : results.All(r => r.Passed) ? Verdict.Accepted
            : Verdict.WrongAnswer;
        return new CodeRunOutcome(outcome with { OutputTruncated = outcome.OutputTruncated || records.Truncated }, records.CandidateOutput, verdict, results);
    }

    private void Validate(CodeRunRequest request)
    {
        if (!_sandbox.Languages.Contains(request.Language))
        {
            throw new SandboxRequestException("language", $"'{request.Language}' is not supported");
        }
        if (string.IsNullOrWhiteSpace(request.Source))
        {
            throw new SandboxRequestException("source", "required");
        }
        var sourceBytes = Encoding.UTF8.GetByteCount(request.Source);
        if (sourceBytes > _options.MaxSourceBytes)
        {
            throw new SandboxRequestException("source", $"at most {_options.MaxSourceBytes} bytes of UTF-8 (was {sourceBytes})");
        }
        if (request.Source.Contains('\0', StringComparison.Ordinal))
        {
            throw new SandboxRequestException("source", "must not contain NUL characters");
        }
        var stdinBytes = Encoding.UTF8.GetByteCount(request.Stdin);
        if (!string.IsNullOrEmpty(request.ProblemId) && stdinBytes > 0)
        {
            throw new SandboxRequestException("stdin", "must be empty in a run with problem_id (the harness feeds the tests)");
        }
        if (stdinBytes > _options.MaxStdinBytes)
        {
            throw new SandboxRequestException("stdin", $"at most {_options.MaxStdinBytes} bytes of UTF-8 (was {stdinBytes})");
        }
        _sandbox.ResolveTimeLimit(request.TimeLimit);
    }

    private static string Spec(CodingProblem problem, IReadOnlyList<ProblemTest> tests, string nonce) => new JsonObject
    {
        ["nonce"] = nonce,
        ["kind"] = problem.Entry.Kind == EntryKind.Class ? "class" : "function",
        ["name"] = problem.Entry.Name,
        ["parameterTypes"] = new JsonArray([.. problem.Entry.ParameterTypes.Select(t => (JsonNode)t)]),
        ["returnType"] = problem.Entry.ReturnType,
        ["tests"] = new JsonArray([.. tests.Select(t => JsonNode.Parse(t.InputJson))]),
    }.ToJsonString();

    private static List<TestOutcome> Judge(CodingProblem problem, IReadOnlyList<ProblemTest> tests, int visible, IReadOnlyList<JsonObject> records, SandboxStatus status)
    {
        var byIndex = new Dictionary<int, JsonObject>();
        foreach (var record in records)
        {
            if (record["index"] is JsonValue index && index.TryGetValue<int>(out var i) && i >= 0 && i < tests.Count)
            {
                byIndex.TryAdd(i, record);
            }
        }
        var outcomes = new List<TestOutcome>();
        for (var i = 0; i < tests.Count; i++)
        {
            var test = tests[i];
            var hidden = i >= visible;
            string Shown(string json) => hidden ? "" : json;
            if (!byIndex.TryGetValue(i, out var record))
            {
                outcomes.Add(new TestOutcome(i, hidden, false, Shown(test.InputJson), Shown(test.ExpectedJson), "", NotReached(status), TimeSpan.Zero));
                continue;
            }
            var duration = record["ms"] is JsonValue ms && ms.TryGetValue<double>(out var milliseconds) ? TimeSpan.FromMilliseconds(milliseconds) : TimeSpan.Zero;
            if (record["error"] is JsonValue error)
            {
                outcomes.Add(new TestOutcome(i, hidden, false, Shown(test.InputJson), Shown(test.ExpectedJson), "", error.ToString(), duration));
                continue;
            }
            var actual = record["value"];
            var passed = record.ContainsKey("value") && JsonComparer.Matches(JsonNode.Parse(test.ExpectedJson), actual, problem.Comparison);
            outcomes.Add(new TestOutcome(i, hidden, passed, Shown(test.InputJson), Shown(test.ExpectedJson), Shown(actual?.ToJsonString() ?? "null"), "", duration));
        }
        return outcomes;
    }

    private static string NotReached(SandboxStatus status) => status switch
    {
        SandboxStatus.TimeLimitExceeded => "not reached: the run exceeded its time limit",
        SandboxStatus.MemoryLimitExceeded => "not reached: the run exceeded its memory limit",
        SandboxStatus.OutputLimitExceeded => "not reached: the run exceeded its output limit",
        _ => "not reached: the program ended early (see stderr)",
    };

    private static Dictionary<CodeLanguage, string> LoadHarnesses()
    {
        var assembly = typeof(CodeJudge).Assembly;
        string Read(string name)
        {
            using var stream = assembly.GetManifestResourceStream("Rehearse.CodeRunner.Problems.Harness." + name)
                ?? throw new InvalidOperationException($"Embedded harness '{name}' is missing.");
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
        return new Dictionary<CodeLanguage, string>
        {
            [CodeLanguage.Python] = Read("harness.py"),
            [CodeLanguage.JavaScript] = Read("harness.js"),
        };
    }

    /// <summary>
    /// Splits the program's stdout into the harness's records and the candidate's own output; what the candidate
    /// printed during a test (captured into its record) is passed on as output when the record arrives.
    /// </summary>
    private sealed class RecordReader(string prefix, int maxCandidateChars, Func<OutputChunk, ValueTask>? onOutput)
    {
        private readonly StringBuilder _line = new();
        private readonly StringBuilder _candidate = new();

        public List<JsonObject> Records { get; } = [];

        public string CandidateOutput => _candidate.ToString();

        public bool Truncated { get; private set; }

        public async ValueTask OnOutputAsync(OutputChunk chunk)
        {
            if (chunk.Kind == OutputKind.Stderr)
            {
                if (onOutput is not null)
                {
                    await onOutput(chunk).ConfigureAwait(false);
                }
                return;
            }
            var text = chunk.Text;
            var start = 0;
            for (var newline = text.IndexOf('\n', start); newline >= 0; newline = text.IndexOf('\n', start))
            {
                _line.Append(text, start, newline - start + 1);
                start = newline + 1;
                await LineAsync(_line.ToString()).ConfigureAwait(false);
                _line.Clear();
            }
            _line.Append(text, start, text.Length - start);
        }

        public async ValueTask FlushAsync()
        {
            if (_line.Length > 0)
            {
                await LineAsync(_line.ToString()).ConfigureAwait(false);
                _line.Clear();
            }
        }

        private async ValueTask LineAsync(string line)
        {
            var text = line;
            if (line.StartsWith(prefix, StringComparison.Ordinal) && line.EndsWith('\n') && Parse(line[prefix.Length..]) is { } record)
            {
                Records.Add(record);
                text = record["stdout"] is JsonValue printed && printed.GetValueKind() == JsonValueKind.String ? printed.GetValue<string>() : "";
            }
            if (text.Length > maxCandidateChars - _candidate.Length)
            {
                text = text[..Math.Max(0, maxCandidateChars - _candidate.Length)];
                Truncated = true;
            }
            if (text.Length == 0)
            {
                return;
            }
            _candidate.Append(text);
            if (onOutput is not null)
            {
                await onOutput(new OutputChunk(OutputKind.Stdout, text)).ConfigureAwait(false);
            }
        }

        private static JsonObject? Parse(string json)
        {
            try
            {
                return JsonNode.Parse(json) as JsonObject;
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }
}

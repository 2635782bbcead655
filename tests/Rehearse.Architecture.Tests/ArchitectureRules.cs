namespace Rehearse.Architecture.Tests;

/// <summary>A "never" about project files: a project it applies to must not reach a reference it forbids.</summary>
internal sealed record ProjectRule(string Never, Func<ProjectNode, bool> AppliesTo, Func<ReachedReference, bool> Forbids, bool Transitive = true);

/// <summary>A "never" about compiled assemblies: an assembly it applies to must not reference one it forbids.</summary>
internal sealed record AssemblyRule(string Never, Func<ProjectNode, bool> AppliesTo, Func<string, bool> Forbids);

/// <summary>
/// The repository's dependency rules. The conversation engine (Core) is written against ports it owns, so it
/// never touches ASP.NET Core, EF Core, the gRPC runtime or the speech engines; the speech engines are plain
/// libraries that the gRPC host adapts; clients talk to the services only over their contracts.
/// </summary>
internal static class ArchitectureRules
{
    public const string Core = "Rehearse.Interview.Core";
    public const string Infrastructure = "Rehearse.Interview.Infrastructure";
    private const string InterviewFolder = "services/Interview";
    private const string SpeechFolder = "services/Speech";
    private const string CodeRunnerFolder = "services/CodeRunner";

    /// <summary>A speech engine library: a project of the Speech service other than its host.</summary>
    public static bool IsSpeechEngineLibrary(ProjectNode project) => project.IsUnder(SpeechFolder) && !project.Name.EndsWith(".Api", StringComparison.Ordinal);

    /// <summary>A code runner library (the sandbox, the problems and their judging): a project of the code runner other than its host.</summary>
    public static bool IsCodeRunnerLibrary(ProjectNode project) => project.IsUnder(CodeRunnerFolder) && !project.Name.EndsWith(".Api", StringComparison.Ordinal);

    /// <summary>A client of the services.</summary>
    public static bool IsClient(ProjectNode project) => project.IsUnder("clients");

    public static bool IsAspNetCore(string name) =>
        name.StartsWith("Microsoft.AspNetCore", StringComparison.OrdinalIgnoreCase) || name.StartsWith("Grpc.AspNetCore", StringComparison.OrdinalIgnoreCase);

    public static bool IsEfCore(string name) =>
        name.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("Npgsql.EntityFrameworkCore", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("EFCore.", StringComparison.OrdinalIgnoreCase);

    public static bool IsGrpc(string name) => name.StartsWith("Grpc.", StringComparison.OrdinalIgnoreCase);

    /// <summary>An Orleans package (Microsoft.Orleans.*) or assembly (Orleans.*).</summary>
    public static bool IsOrleans(string name) =>
        name.StartsWith("Microsoft.Orleans.", StringComparison.OrdinalIgnoreCase) || name.StartsWith("Orleans.", StringComparison.OrdinalIgnoreCase);

    public static bool IsSpeechLibraryName(string name) => name.StartsWith("Rehearse.Speech.", StringComparison.Ordinal);

    public static bool IsServiceAssembly(string name) =>
        name.StartsWith("Rehearse.Interview.", StringComparison.Ordinal) || IsSpeechLibraryName(name) || IsCodeRunnerLibraryName(name)
        || name == "Rehearse.ServiceDefaults";

    public static bool IsCodeRunnerLibraryName(string name) => name.StartsWith("Rehearse.CodeRunner.", StringComparison.Ordinal);

    public static IReadOnlyList<ProjectRule> Projects { get; } =
    [
        new("Core never references ASP.NET Core",
            p => p.Name == Core, r => IsAspNetCore(r.Reference.Name)),
        new("Core never references EF Core",
            p => p.Name == Core, r => r.Reference.Kind == ReferenceKind.Package && IsEfCore(r.Reference.Name)),
        new("Core never references the gRPC runtime (only the build-only code generator)",
            p => p.Name == Core, IsGrpcPackage),
        new("Core never references Orleans (the host makes sessions grains)",
            p => p.Name == Core, r => IsOrleans(r.Reference.Name)),
        new("among the Interview service projects only the host references Orleans",
            p => p.IsUnder(InterviewFolder) && !p.Name.EndsWith(".Api", StringComparison.Ordinal),
            r => r.Reference.Kind == ReferenceKind.Package && IsOrleans(r.Reference.Name), Transitive: false),
        new("an Interview service project never references a Speech library",
            p => p.IsUnder(InterviewFolder), r => IsSpeechLibraryName(r.Target?.Name ?? r.Reference.Name)),
        new("among the Interview service projects only Infrastructure references EF Core (design-time tooling aside)",
            p => p.IsUnder(InterviewFolder) && p.Name != Infrastructure,
            r => r.Reference.Kind == ReferenceKind.Package && IsEfCore(r.Reference.Name)
                && !(r.Reference.BuildOnly && r.Reference.Name == "Microsoft.EntityFrameworkCore.Design"),
            Transitive: false),
        new("a speech engine library never references gRPC or ASP.NET Core",
            IsSpeechEngineLibrary, r => IsGrpcPackage(r) || IsAspNetCore(r.Reference.Name)),
        new("a code runner library never references gRPC or ASP.NET Core",
            IsCodeRunnerLibrary, r => IsGrpcPackage(r) || IsAspNetCore(r.Reference.Name)),
        new("the Interview service reaches the code runner only over its contract, never its libraries",
            p => p.IsUnder(InterviewFolder), r => IsCodeRunnerLibraryName(r.Target?.Name ?? r.Reference.Name)),
        new("a client never references a service",
            IsClient, r => r.Target?.IsUnder("services") == true || (r.Reference.Kind == ReferenceKind.Package && IsServiceAssembly(r.Reference.Name))),
    ];

    public static IReadOnlyList<AssemblyRule> Assemblies { get; } =
    [
        new("Core never references ASP.NET Core, EF Core, gRPC, Orleans or a Speech library",
            p => p.Name == Core, r => IsAspNetCore(r) || IsEfCore(r) || IsGrpc(r) || IsOrleans(r) || IsSpeechLibraryName(r)),
        new("a speech engine library never references gRPC or ASP.NET Core",
            IsSpeechEngineLibrary, r => IsGrpc(r) || IsAspNetCore(r)),
        new("a code runner library never references gRPC or ASP.NET Core",
            IsCodeRunnerLibrary, r => IsGrpc(r) || IsAspNetCore(r)),
        new("a client never references a service",
            IsClient, r => IsServiceAssembly(r) || IsAspNetCore(r)),
    ];

    /// <summary>Every project reference that breaks a rule, as a message naming the project, the reference and the rule.</summary>
    public static IReadOnlyList<string> Check(ProjectGraph graph, IReadOnlyList<ProjectRule> rules) =>
        [.. from project in graph.Projects.OrderBy(p => p.Path, StringComparer.Ordinal)
            from rule in rules
            where rule.AppliesTo(project)
            from reached in graph.Reach(project, rule.Transitive)
            where rule.Forbids(reached)
            select $"{project.Name} ({project.Path}) references {reached.Describe()}: {rule.Never}."];

    /// <summary>
    /// Every assembly reference that breaks a rule, for the compiled assemblies of the given projects and the
    /// repository's own assemblies they reference (whose references count as theirs).
    /// </summary>
    public static IReadOnlyList<string> Check(IEnumerable<ProjectNode> projects, Func<string, IEnumerable<string>> referencesOf, IReadOnlyList<AssemblyRule> rules)
    {
        var violations = new List<string>();
        foreach (var project in projects)
        {
            var applicable = rules.Where(r => r.AppliesTo(project)).ToList();
            var visited = new HashSet<string>(StringComparer.Ordinal) { project.AssemblyName };
            var pending = new Queue<(string Assembly, string Via)>([(project.AssemblyName, "")]);
            while (pending.TryDequeue(out var current))
            {
                foreach (var reference in referencesOf(current.Assembly))
                {
                    var broken = applicable.Where(r => r.Forbids(reference)).ToList();
                    var via = current.Via.Length == 0 ? "" : $" (through {current.Via})";
                    violations.AddRange(broken.Select(r => $"{project.Name} (assembly {project.AssemblyName}) references assembly {reference}{via}: {r.Never}."));
                    // The repository's own assemblies are followed (what they reference is the project's too); a
                    // forbidden one is reported where it is referenced, not searched further.
                    if (broken.Count == 0 && reference.StartsWith("Rehearse.", StringComparison.Ordinal) && visited.Add(reference))
                    {
                        pending.Enqueue((reference, current.Via.Length == 0 ? reference : $"{current.Via} -> {reference}"));
                    }
                }
            }
        }
        return violations;
    }

    private static bool IsGrpcPackage(ReachedReference reached) =>
        reached.Reference.Kind == ReferenceKind.Package && IsGrpc(reached.Reference.Name)
        && !(reached.Reference.Name == "Grpc.Tools" && reached.Reference.BuildOnly);
}

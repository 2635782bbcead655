using System.Reflection;
using Rehearse.Testing;

namespace Rehearse.Architecture.Tests;

/// <summary>The repository as it is keeps every rule, in its project files and in its compiled assemblies.</summary>
public sealed class RepositoryArchitectureTests
{
    private static readonly Lazy<ProjectGraph> Graph = new(() => ProjectGraph.Load(TestPaths.RepositoryRoot));

    [Fact]
    public void The_project_files_keep_every_rule()
    {
        var violations = ArchitectureRules.Check(Graph.Value, ArchitectureRules.Projects);

        Assert.True(violations.Count == 0, string.Join('\n', violations));
    }

    [Fact]
    public void The_rules_see_the_projects_they_constrain()
    {
        var graph = Graph.Value;

        // A rule that applies to nothing would pass for ever: each finds its projects and their references.
        Assert.All(ArchitectureRules.Projects, rule => Assert.Contains(graph.Projects, p => rule.AppliesTo(p)));
        Assert.Equal(
            ["Rehearse.Speech.Audio", "Rehearse.Speech.Onnx", "Rehearse.Speech.Recognition", "Rehearse.Speech.Synthesis"],
            graph.Projects.Where(ArchitectureRules.IsSpeechEngineLibrary).Select(p => p.Name).Order());
        Assert.Equal(
            ["Rehearse.CodeRunner.Problems", "Rehearse.CodeRunner.Sandbox"],
            graph.Projects.Where(ArchitectureRules.IsCodeRunnerLibrary).Select(p => p.Name).Order());
        Assert.Contains(graph.Projects, p => ArchitectureRules.IsClient(p));
        Assert.Contains(graph.Reach(graph["Rehearse.Interview.Api"], transitive: true),
            r => r.Reference.Name == "Npgsql.EntityFrameworkCore.PostgreSQL" && r.Via.SequenceEqual([ArchitectureRules.Infrastructure]));
        Assert.Contains(graph.Reach(graph[ArchitectureRules.Core], transitive: true), r => r.Target?.Name == "Rehearse.Interview.Interviewers");
    }

    [Fact]
    public void The_compiled_assemblies_keep_every_rule()
    {
        // Core, the speech engine libraries and the clients are referenced by this project, so their assemblies
        // are here to load; a new one that is not referenced fails to load and says so.
        var checkedProjects = Graph.Value.Projects
            .Where(p => ArchitectureRules.Assemblies.Any(rule => rule.AppliesTo(p)))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ToList();
        var missing = checkedProjects.Where(p => TryLoad(p.AssemblyName) is null).Select(p => p.Name).ToList();
        Assert.True(missing.Count == 0, $"Reference these from {typeof(RepositoryArchitectureTests).Assembly.GetName().Name} so their assemblies are checked: {string.Join(", ", missing)}");
        Assert.Contains(checkedProjects, p => p.Name == ArchitectureRules.Core);

        var violations = ArchitectureRules.Check(checkedProjects, ReferencesOf, ArchitectureRules.Assemblies);

        Assert.True(violations.Count == 0, string.Join('\n', violations));
    }

    private static IEnumerable<string> ReferencesOf(string assembly) =>
        TryLoad(assembly)?.GetReferencedAssemblies().Select(a => a.Name!) ?? [];

    private static Assembly? TryLoad(string name)
    {
        try
        {
            return Assembly.Load(name);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }
}

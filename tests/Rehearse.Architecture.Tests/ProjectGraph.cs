using System.Xml.Linq;

namespace Rehearse.Architecture.Tests;

/// <summary>What a project file references.</summary>
internal enum ReferenceKind
{
    Project,
    Package,
    Framework,
}

/// <summary>
/// One reference of a project file. <paramref name="Name"/> is the package or framework id, or for a project the
/// referenced file's repository-relative path. <paramref name="BuildOnly"/>: <c>PrivateAssets="All"</c> (a code
/// generator or design-time tool that does not flow to the projects that reference this one).
/// </summary>
internal sealed record Reference(ReferenceKind Kind, string Name, bool BuildOnly = false);

/// <summary>A project file: its name, its repository-relative path (with '/'), its assembly name and references.</summary>
internal sealed record ProjectNode(string Name, string Path, string AssemblyName, IReadOnlyList<Reference> References)
{
    /// <summary>True when the project lives under <paramref name="folder"/> (repository-relative, with '/').</summary>
    public bool IsUnder(string folder) => Path.StartsWith(folder.TrimEnd('/') + "/", StringComparison.Ordinal);
}

/// <summary>
/// A reference reached from a project: directly (<see cref="Via"/> empty) or through the chain of project
/// references in <see cref="Via"/>. <see cref="Target"/> is the referenced project, for project references.
/// </summary>
internal sealed record ReachedReference(Reference Reference, ProjectNode? Target, IReadOnlyList<string> Via)
{
    /// <summary>The reference as a message names it: the project's or package's name, and how it is reached.</summary>
    public string Describe() =>
        $"{Reference.Kind.ToString().ToLowerInvariant()} {Target?.Name ?? Reference.Name}" +
        (Via.Count == 0 ? "" : $" (through {string.Join(" -> ", Via)})");
}

/// <summary>The projects of a repository and their references, read from the project files.</summary>
internal sealed class ProjectGraph
{
    // Build output, packages, and the git-ignored working folders (.data holds copies of the tree for benchmark baselines).
    private static readonly string[] SkippedFolders = ["bin", "obj", "node_modules", ".git", ".data", "artifacts"];

    private readonly Dictionary<string, ProjectNode> _byPath;

    public ProjectGraph(IEnumerable<ProjectNode> projects) => _byPath = projects.ToDictionary(p => p.Path, StringComparer.Ordinal);

    public IReadOnlyCollection<ProjectNode> Projects => _byPath.Values;

    /// <summary>Reads every <c>.csproj</c> under <paramref name="root"/> (build output, packages and working folders aside).</summary>
    public static ProjectGraph Load(string root)
    {
        var files = Directory.EnumerateFiles(root, "*.csproj", SearchOption.AllDirectories)
            .Where(f => !Relative(root, f).Split('/').Any(SkippedFolders.Contains));
        return new ProjectGraph(files.Select(f => Parse(root, f)));
    }

    /// <summary>The project with this name.</summary>
    public ProjectNode this[string name] =>
        _byPath.Values.SingleOrDefault(p => p.Name == name) ?? throw new KeyNotFoundException($"No project named {name}.");

    /// <summary>
    /// What <paramref name="project"/> references directly and, when <paramref name="transitive"/>, through its
    /// project references (build-only packages of referenced projects do not flow, as in a build).
    /// </summary>
    public IEnumerable<ReachedReference> Reach(ProjectNode project, bool transitive)
    {
        var visited = new HashSet<string>(StringComparer.Ordinal) { project.Path };
        var pending = new Queue<(ProjectNode Project, IReadOnlyList<string> Via)>([(project, [])]);
        while (pending.TryDequeue(out var current))
        {
            foreach (var reference in current.Project.References)
            {
                if (current.Via.Count > 0 && reference.BuildOnly)
                {
                    continue;
                }
                var target = reference.Kind == ReferenceKind.Project ? _byPath.GetValueOrDefault(reference.Name) : null;
                yield return new ReachedReference(reference, target, current.Via);
                if (transitive && target is not null && visited.Add(target.Path))
                {
                    pending.Enqueue((target, [.. current.Via, target.Name]));
                }
            }
        }
    }

    private static ProjectNode Parse(string root, string file)
    {
        var document = XDocument.Load(file);
        var project = document.Root!;
        var directory = System.IO.Path.GetDirectoryName(file)!;
        var references = new List<Reference>();
        // The web SDK brings ASP.NET Core in without an item saying so.
        if (string.Equals((string?)project.Attribute("Sdk"), "Microsoft.NET.Sdk.Web", StringComparison.OrdinalIgnoreCase))
        {
            references.Add(new Reference(ReferenceKind.Framework, "Microsoft.AspNetCore.App"));
        }
        foreach (var item in project.Descendants().Where(e => e.Parent?.Name.LocalName == "ItemGroup"))
        {
            var include = (string?)item.Attribute("Include");
            if (include is null)
            {
                continue;
            }
            switch (item.Name.LocalName)
            {
                case "ProjectReference":
                    var target = System.IO.Path.GetFullPath(System.IO.Path.Combine(directory, include.Replace('\\', '/')));
                    references.Add(new Reference(ReferenceKind.Project, Relative(root, target)));
                    break;
                case "PackageReference":
                    var privateAssets = (string?)item.Attribute("PrivateAssets") ?? item.Elements().FirstOrDefault(e => e.Name.LocalName == "PrivateAssets")?.Value;
                    references.Add(new Reference(ReferenceKind.Package, include, string.Equals(privateAssets?.Trim(), "All", StringComparison.OrdinalIgnoreCase)));
                    break;
                case "FrameworkReference":
                    references.Add(new Reference(ReferenceKind.Framework, include));
                    break;
            }
        }
        var name = System.IO.Path.GetFileNameWithoutExtension(file);
        var assemblyName = project.Descendants().LastOrDefault(e => e.Name.LocalName == "AssemblyName")?.Value.Trim() ?? name;
        return new ProjectNode(name, Relative(root, file), assemblyName, references);
    }

    private static string Relative(string root, string path) => System.IO.Path.GetRelativePath(root, path).Replace('\\', '/');
}

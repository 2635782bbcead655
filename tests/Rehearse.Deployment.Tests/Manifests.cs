using Rehearse.Testing;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace Rehearse.Deployment.Tests;

/// <summary>The YAML files under deploy/, each document as nested dictionaries and lists.</summary>
public static class Manifests
{
    private static readonly IDeserializer Yaml = new DeserializerBuilder().Build();

    /// <summary>The deploy/ directory.</summary>
    public static string Directory => Path.Combine(TestPaths.RepositoryRoot, "deploy");

    /// <summary>Every document of a file (relative to deploy/); a file that is not valid YAML throws.</summary>
    public static IReadOnlyList<Node> Load(string relativePath)
    {
        using var reader = File.OpenText(Path.Combine(Directory, relativePath));
        // Merge keys (<<: *anchor) as Compose reads them: the Interview silos share their settings that way.
        var parser = new MergingParser(new Parser(reader));
        parser.Consume<StreamStart>();
        var documents = new List<Node>();
        while (parser.Accept<DocumentStart>(out _))
        {
            documents.Add(new Node(Yaml.Deserialize<object>(parser), relativePath));
        }
        return documents;
    }

    /// <summary>The Kubernetes object of <paramref name="kind"/> named <paramref name="name"/> among deploy/kubernetes's files.</summary>
    public static Node Kubernetes(string kind, string name) =>
        System.IO.Directory.GetFiles(Path.Combine(Directory, "kubernetes"), "*.yaml")
            .SelectMany(file => Load(Path.GetRelativePath(Directory, file)))
            .Single(document => document["kind"].Text == kind && document["metadata"]["name"].Text == name);
}

/// <summary>A YAML value with its path, for assertions that say where they looked.</summary>
public sealed class Node(object? value, string path)
{
    /// <summary>Where the value is: file and keys.</summary>
    public string Path => path;

    /// <summary>The value of <paramref name="key"/> in this mapping.</summary>
    public Node this[string key] => value is IDictionary<object, object> map && map.TryGetValue(key, out var child)
        ? new Node(child, $"{path}.{key}")
        : throw new Xunit.Sdk.XunitException($"{path} has no '{key}'");

    /// <summary>Whether this mapping has <paramref name="key"/>.</summary>
    public bool Has(string key) => value is IDictionary<object, object> map && map.ContainsKey(key);

    /// <summary>The keys of this mapping.</summary>
    public IReadOnlyList<string> Keys => value is IDictionary<object, object> map
        ? [.. map.Keys.Select(key => key.ToString()!)]
        : throw new Xunit.Sdk.XunitException($"{path} is not a mapping");

    /// <summary>The items of this list.</summary>
    public IReadOnlyList<Node> Items => value is IList<object> list
        ? [.. list.Select((item, i) => new Node(item, $"{path}[{i}]"))]
        : throw new Xunit.Sdk.XunitException($"{path} is not a list");

    /// <summary>This scalar's text.</summary>
    public string Text => value as string ?? throw new Xunit.Sdk.XunitException($"{path} is not a scalar");
}

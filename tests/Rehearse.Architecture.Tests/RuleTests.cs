namespace Rehearse.Architecture.Tests;

/// <summary>
/// Each rule fails when broken: a small repository laid out like this one is written to a temporary folder, read
/// the same way as the real one, and broken one reference at a time.
/// </summary>
public sealed class RuleTests : IDisposable
{
    private const string BuildOnlyGrpcTools = "<PackageReference Include=\"Grpc.Tools\" PrivateAssets=\"All\" />";

    private readonly string _root = Directory.CreateTempSubdirectory("rehearse-architecture-").FullName;

    // The shape of the real repository, keeping every rule.
    private readonly Dictionary<string, (string Path, string Sdk, List<string> Items)> _projects = new()
    {
        ["Rehearse.Interview.Core"] = ("services/Interview/Rehearse.Interview.Core", "Microsoft.NET.Sdk",
            ["<PackageReference Include=\"Google.Protobuf\" />", BuildOnlyGrpcTools,
             "<ProjectReference Include=\"../Rehearse.Interview.Interviewers/Rehearse.Interview.Interviewers.csproj\" />"]),
        ["Rehearse.Interview.Interviewers"] = ("services/Interview/Rehearse.Interview.Interviewers", "Microsoft.NET.Sdk",
            ["<PackageReference Include=\"Microsoft.Extensions.AI\" />"]),
        ["Rehearse.Interview.Infrastructure"] = ("services/Interview/Rehearse.Interview.Infrastructure", "Microsoft.NET.Sdk",
            ["<PackageReference Include=\"Microsoft.EntityFrameworkCore\" />", "<PackageReference Include=\"Npgsql.EntityFrameworkCore.PostgreSQL\" />",
             "<PackageReference Include=\"Microsoft.EntityFrameworkCore.Design\"><PrivateAssets>all</PrivateAssets></PackageReference>",
             "<ProjectReference Include=\"..\\Rehearse.Interview.Core\\Rehearse.Interview.Core.csproj\" />"]),
        ["Rehearse.Interview.Api"] = ("services/Interview/Rehearse.Interview.Api", "Microsoft.NET.Sdk.Web",
            ["<PackageReference Include=\"Grpc.AspNetCore\" />", "<PackageReference Include=\"Microsoft.EntityFrameworkCore.Design\" PrivateAssets=\"All\" />",
             "<ProjectReference Include=\"../Rehearse.Interview.Core/Rehearse.Interview.Core.csproj\" />",
             "<ProjectReference Include=\"../Rehearse.Interview.Infrastructure/Rehearse.Interview.Infrastructure.csproj\" />"]),
        ["Rehearse.Speech.Audio"] = ("services/Speech/Rehearse.Speech.Audio", "Microsoft.NET.Sdk", []),
        ["Rehearse.Speech.Onnx"] = ("services/Speech/Rehearse.Speech.Onnx", "Microsoft.NET.Sdk",
            ["<PackageReference Include=\"Microsoft.ML.OnnxRuntime\" />", BuildOnlyGrpcTools,
             "<ProjectReference Include=\"../Rehearse.Speech.Audio/Rehearse.Speech.Audio.csproj\" />"]),
        ["Rehearse.Speech.Api"] = ("services/Speech/Rehearse.Speech.Api", "Microsoft.NET.Sdk.Web",
            ["<PackageReference Include=\"Grpc.AspNetCore\" />", "<ProjectReference Include=\"../Rehearse.Speech.Onnx/Rehearse.Speech.Onnx.csproj\" />"]),
        ["Rehearse.Console"] = ("clients/console", "Microsoft.NET.Sdk",
            ["<PackageReference Include=\"Grpc.Net.Client\" />", BuildOnlyGrpcTools]),
    };

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void A_repository_shaped_like_this_one_keeps_every_rule() => Assert.Empty(Violations());

    [Fact]
    public void Core_using_the_web_framework_breaks_a_rule()
    {
        Add("Rehearse.Interview.Core", "<FrameworkReference Include=\"Microsoft.AspNetCore.App\" />");

        Assert.Equal(
            ["Rehearse.Interview.Core (services/Interview/Rehearse.Interview.Core/Rehearse.Interview.Core.csproj) references framework " +
             "Microsoft.AspNetCore.App: Core never references ASP.NET Core."],
            Violations());
    }

    [Fact]
    public void Orleans_anywhere_in_the_Interview_service_but_its_host_breaks_a_rule()
    {
        Add("Rehearse.Interview.Api", "<PackageReference Include=\"Microsoft.Orleans.Server\" />");
        Assert.Empty(Violations());

        Add("Rehearse.Interview.Interviewers", "<PackageReference Include=\"Microsoft.Orleans.Sdk\" />");

        var violations = Violations();
        Assert.Contains("Rehearse.Interview.Core (services/Interview/Rehearse.Interview.Core/Rehearse.Interview.Core.csproj) references package " +
            "Microsoft.Orleans.Sdk (through Rehearse.Interview.Interviewers): Core never references Orleans (the host makes sessions grains).", violations);
        Assert.Contains(violations, v => v.StartsWith("Rehearse.Interview.Interviewers ", StringComparison.Ordinal)
            && v.EndsWith("among the Interview service projects only the host references Orleans.", StringComparison.Ordinal));
    }

    [Fact]
    public void Core_reaching_EF_Core_through_a_project_breaks_a_rule()
    {
        Add("Rehearse.Interview.Core", "<ProjectReference Include=\"../Rehearse.Interview.Infrastructure/Rehearse.Interview.Infrastructure.csproj\" />");

        var violations = Violations();

        Assert.Contains("Rehearse.Interview.Core (services/Interview/Rehearse.Interview.Core/Rehearse.Interview.Core.csproj) references package " +
            "Microsoft.EntityFrameworkCore (through Rehearse.Interview.Infrastructure): Core never references EF Core.", violations);
        Assert.Contains(violations, v => v.Contains("package Npgsql.EntityFrameworkCore.PostgreSQL (through Rehearse.Interview.Infrastructure)"));
        // The design-time package is build-only: it does not flow to Core.
        Assert.DoesNotContain(violations, v => v.Contains("Microsoft.EntityFrameworkCore.Design"));
    }

    [Fact]
    public void Core_reaching_the_gRPC_runtime_breaks_a_rule_but_the_build_only_code_generator_does_not()
    {
        Add("Rehearse.Interview.Interviewers", "<PackageReference Include=\"Grpc.Core.Api\" />");

        Assert.Equal(
            ["Rehearse.Interview.Core (services/Interview/Rehearse.Interview.Core/Rehearse.Interview.Core.csproj) references package Grpc.Core.Api " +
             "(through Rehearse.Interview.Interviewers): Core never references the gRPC runtime (only the build-only code generator)."],
            Violations());
    }

    [Fact]
    public void Core_taking_the_gRPC_code_generator_as_a_dependency_breaks_a_rule()
    {
        Replace("Rehearse.Interview.Core", BuildOnlyGrpcTools, "<PackageReference Include=\"Grpc.Tools\" />");

        Assert.Single(Violations(), v => v.StartsWith("Rehearse.Interview.Core ", StringComparison.Ordinal) && v.Contains("package Grpc.Tools:"));
    }

    [Fact]
    public void An_Interview_project_referencing_a_Speech_library_breaks_a_rule_for_it_and_every_project_above_it()
    {
        Add("Rehearse.Interview.Interviewers", "<ProjectReference Include=\"../../Speech/Rehearse.Speech.Audio/Rehearse.Speech.Audio.csproj\" />");

        var violations = Violations();

        Assert.Contains("Rehearse.Interview.Interviewers (services/Interview/Rehearse.Interview.Interviewers/Rehearse.Interview.Interviewers.csproj) " +
            "references project Rehearse.Speech.Audio: an Interview service project never references a Speech library.", violations);
        Assert.Contains(violations, v => v.StartsWith("Rehearse.Interview.Core ", StringComparison.Ordinal)
            && v.Contains("project Rehearse.Speech.Audio (through Rehearse.Interview.Interviewers)"));
        Assert.Contains(violations, v => v.StartsWith("Rehearse.Interview.Api ", StringComparison.Ordinal) && v.Contains("Rehearse.Speech.Audio"));
    }

    [Fact]
    public void An_Interview_project_other_than_Infrastructure_referencing_EF_Core_breaks_a_rule()
    {
        Add("Rehearse.Interview.Api", "<PackageReference Include=\"Npgsql.EntityFrameworkCore.PostgreSQL\" />");

        Assert.Equal(
            ["Rehearse.Interview.Api (services/Interview/Rehearse.Interview.Api/Rehearse.Interview.Api.csproj) references package " +
             "Npgsql.EntityFrameworkCore.PostgreSQL: among the Interview service projects only Infrastructure references EF Core (design-time tooling aside)."],
            Violations());
    }

    [Theory]
    [InlineData("<PackageReference Include=\"Grpc.Net.Client\" />", "package Grpc.Net.Client")]
    [InlineData("<PackageReference Include=\"Microsoft.AspNetCore.Http.Abstractions\" />", "package Microsoft.AspNetCore.Http.Abstractions")]
    [InlineData("<FrameworkReference Include=\"Microsoft.AspNetCore.App\" />", "framework Microsoft.AspNetCore.App")]
    public void A_speech_engine_library_reaching_gRPC_or_ASP_NET_Core_breaks_a_rule(string item, string reference)
    {
        Add("Rehearse.Speech.Audio", item);

        var violations = Violations();

        Assert.Contains($"Rehearse.Speech.Audio (services/Speech/Rehearse.Speech.Audio/Rehearse.Speech.Audio.csproj) references {reference}: " +
            "a speech engine library never references gRPC or ASP.NET Core.", violations);
        Assert.Contains($"Rehearse.Speech.Onnx (services/Speech/Rehearse.Speech.Onnx/Rehearse.Speech.Onnx.csproj) references {reference} " +
            "(through Rehearse.Speech.Audio): a speech engine library never references gRPC or ASP.NET Core.", violations);
    }

    [Fact]
    public void A_client_referencing_a_service_project_breaks_a_rule()
    {
        Add("Rehearse.Console", "<ProjectReference Include=\"..\\..\\services\\Interview\\Rehearse.Interview.Core\\Rehearse.Interview.Core.csproj\" />");

        Assert.Contains("Rehearse.Console (clients/console/Rehearse.Console.csproj) references project Rehearse.Interview.Core: " +
            "a client never references a service.", Violations());
    }

    [Fact]
    public void Compiled_assemblies_breaking_a_rule_are_named_with_the_reference_and_the_way_to_it()
    {
        var graph = Load();
        var references = new Dictionary<string, string[]>
        {
            ["Rehearse.Interview.Core"] = ["System.Runtime", "Google.Protobuf", "Rehearse.Interview.Interviewers"],
            ["Rehearse.Interview.Interviewers"] = ["System.Runtime", "Grpc.Core.Api"],
            ["Rehearse.Speech.Audio"] = ["System.Runtime"],
            ["Rehearse.Speech.Onnx"] = ["Rehearse.Speech.Audio", "Microsoft.AspNetCore.Http.Abstractions"],
            ["rehearse"] = ["Grpc.Net.Client", "Rehearse.Interview.Core"],
        };
        var console = graph["Rehearse.Console"] with { AssemblyName = "rehearse" };
        var projects = new[] { graph["Rehearse.Interview.Core"], graph["Rehearse.Speech.Audio"], graph["Rehearse.Speech.Onnx"], console };

        var violations = ArchitectureRules.Check(projects, a => references.GetValueOrDefault(a) ?? [], ArchitectureRules.Assemblies);

        Assert.Equal(
            [
                "Rehearse.Interview.Core (assembly Rehearse.Interview.Core) references assembly Grpc.Core.Api (through Rehearse.Interview.Interviewers): " +
                "Core never references ASP.NET Core, EF Core, gRPC, Orleans or a Speech library.",
                "Rehearse.Speech.Onnx (assembly Rehearse.Speech.Onnx) references assembly Microsoft.AspNetCore.Http.Abstractions: " +
                "a speech engine library never references gRPC or ASP.NET Core.",
                "Rehearse.Console (assembly rehearse) references assembly Rehearse.Interview.Core: a client never references a service.",
            ],
            violations);
    }

    private void Add(string project, string item) => _projects[project].Items.Add(item);

    private void Replace(string project, string item, string with)
    {
        var items = _projects[project].Items;
        items[items.IndexOf(item)] = with;
    }

    private IReadOnlyList<string> Violations() => ArchitectureRules.Check(Load(), ArchitectureRules.Projects);

    private ProjectGraph Load()
    {
        foreach (var (name, (path, sdk, items)) in _projects)
        {
            var directory = Path.Combine(_root, path);
            Directory.CreateDirectory(directory);
            File.WriteAllText(Path.Combine(directory, name + ".csproj"),
                $"<Project Sdk=\"{sdk}\">\n  <ItemGroup>\n    {string.Join("\n    ", items)}\n  </ItemGroup>\n</Project>\n");
        }
        return ProjectGraph.Load(_root);
    }
}

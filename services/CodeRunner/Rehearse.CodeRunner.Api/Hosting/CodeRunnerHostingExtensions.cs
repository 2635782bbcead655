using Microsoft.Extensions.Options;
using Rehearse.CodeRunner.Api.Grpc;
using Rehearse.CodeRunner.Problems.Catalog;
using Rehearse.CodeRunner.Problems.Judging;
using Rehearse.CodeRunner.Sandbox;

namespace Rehearse.CodeRunner.Api.Hosting;

/// <summary>Registration of the code runner: its options, the sandbox, the problem catalogue and the judge.</summary>
public static class CodeRunnerHostingExtensions
{
    /// <summary>
    /// Adds the validated options (<c>CodeRunner</c>, <c>CodeRunner:Sandbox</c>), the sandbox, the catalogue (built-in
    /// problems plus those in <c>CodeRunner:Problems:Directory</c>), the judge and the service's error mapping. All
    /// of them are built at start-up, so an invalid problem file, a missing interpreter or unusable cgroups stop
    /// the service with a message rather than failing the first run.
    /// </summary>
    public static IHostApplicationBuilder AddCodeRunner(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<CodeJudgeOptions>()
            .Bind(builder.Configuration.GetSection(CodeJudgeOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<CodeJudgeOptions>>(new ListedProblems<CodeJudgeOptions>(o => o.Validate()));
        services.AddOptions<SandboxOptions>()
            .Bind(builder.Configuration.GetSection("CodeRunner:Sandbox"))
            .PostConfigure(o =>
            {
                if (string.IsNullOrWhiteSpace(o.WorkDirectory))
                {
                    o.WorkDirectory = Path.Combine(Path.GetTempPath(), "rehearse-coderunner");
                }
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<SandboxOptions>>(new ListedProblems<SandboxOptions>(o => o.Validate()));

        services.AddSingleton(sp => new CodeSandbox(sp.GetRequiredService<IOptions<SandboxOptions>>().Value, sp.GetRequiredService<ILogger<CodeSandbox>>()));
        services.AddSingleton(_ => ProblemLoader.Load(builder.Configuration["CodeRunner:Problems:Directory"]));
        services.AddSingleton(sp => new CodeJudge(
            sp.GetRequiredService<CodeSandbox>(), sp.GetRequiredService<ProblemCatalog>(), sp.GetRequiredService<IOptions<CodeJudgeOptions>>().Value));
        services.AddHostedService<CodeRunnerStartup>();
        services.AddSingleton<CodeRunnerErrorInterceptor>();
        services.AddGrpc(options => options.EnableDetailedErrors = false)
            .AddServiceOptions<CodeRunnerGrpcService>(options => options.Interceptors.Add<CodeRunnerErrorInterceptor>());
        return builder;
    }

    /// <summary>Options validation that reports every problem the options list about themselves.</summary>
    private sealed class ListedProblems<T>(Func<T, IEnumerable<string>> problems) : IValidateOptions<T>
        where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var found = problems(options).ToList();
            return found.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(found);
        }
    }

    /// <summary>Builds the judge (and with it the sandbox and the catalogue) when the host starts.</summary>
    private sealed class CodeRunnerStartup(IServiceProvider services, ILogger<CodeRunnerStartup> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            var judge = services.GetRequiredService<CodeJudge>();
            logger.LogInformation(
                "Code runner ready: {Problems} problems, {Languages}, {Runs} concurrent runs, cgroups {Cgroups}",
                judge.Catalog.Problems.Count, string.Join(", ", judge.Languages), judge.SandboxOptions.MaxConcurrentRuns, judge.SandboxOptions.Cgroups);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

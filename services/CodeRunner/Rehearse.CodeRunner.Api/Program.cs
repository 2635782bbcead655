using Rehearse.CodeRunner.Api.Grpc;
using Rehearse.CodeRunner.Api.Hosting;
using Rehearse.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddCodeRunner();

var app = builder.Build();

app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapGrpcService<CodeRunnerGrpcService>();

app.Run();

/// <summary>The code runner's entry point (public for in-process functional tests).</summary>
public partial class Program;

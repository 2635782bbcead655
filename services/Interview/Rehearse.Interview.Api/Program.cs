using Rehearse.Interview.Api.Hosting;
using Rehearse.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddInterviewService();

var app = builder.Build();

app.UseServiceDefaults();
app.UseInterviewWebClient();
app.MapDefaultEndpoints();
app.MapInterviewService();

app.Run();

/// <summary>The Interview service entry point (public for in-process functional tests).</summary>
public partial class Program;

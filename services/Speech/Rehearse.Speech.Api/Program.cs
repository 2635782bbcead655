using Rehearse.ServiceDefaults;
using Rehearse.Speech.Api.Grpc;
using Rehearse.Speech.Api.Hosting;
using Rehearse.Speech.Api.Recognition;
using Rehearse.Speech.Api.Synthesis;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddSpeechHosting();
builder.AddSpeechRecognition();
builder.AddSpeechSynthesis();

var app = builder.Build();

app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapGrpcService<SpeechGrpcService>();

app.Run();

/// <summary>The Speech service entry point (public for in-process functional tests).</summary>
public partial class Program;

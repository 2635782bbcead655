using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Rehearse.Interview.Core.Storage;

namespace Rehearse.Interview.Infrastructure;

/// <summary>Registration of the PostgreSQL store.</summary>
public static class InfrastructureServiceCollectionExtensions
{
    /// <summary>Adds the store, the migrations applied on start and the answer audio clean-up.</summary>
    public static IHostApplicationBuilder AddInterviewStore(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(InterviewDatabase.ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{InterviewDatabase.ConnectionStringName} is not set. Give the Npgsql connection string of the " +
                "PostgreSQL database (scripts/lib/postgres.sh start prints one for a private local cluster).");
        }
        builder.Services.AddOptions<DatabaseOptions>().Bind(builder.Configuration.GetSection(DatabaseOptions.SectionName)).ValidateOnStart();
        builder.Services.AddDbContextFactory<InterviewDbContext>(options =>
            InterviewDatabase.Configure(options, connectionString));
        builder.Services.AddSingleton(services => new InterviewStore(services.GetRequiredService<IDbContextFactory<InterviewDbContext>>()));
        builder.Services.AddSingleton<ISessionStore>(services => services.GetRequiredService<InterviewStore>());
        builder.Services.AddSingleton<IAccountStore>(services => services.GetRequiredService<InterviewStore>());
        builder.Services.AddSingleton<StoreMigrations>();
        builder.Services.AddHostedService<DatabaseMigrator>();
        builder.Services.AddHostedService<AnswerAudioCleanup>();
        return builder;
    }
}

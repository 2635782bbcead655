using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Rehearse.Interview.Infrastructure;

/// <summary>How the service connects to PostgreSQL, in one place for the host and the design-time tools.</summary>
internal static class InterviewDatabase
{
    /// <summary>The connection string name (<c>ConnectionStrings:Interview</c>).</summary>
    public const string ConnectionStringName = "Interview";

    public static TBuilder Configure<TBuilder>(TBuilder builder, string connectionString)
        where TBuilder : DbContextOptionsBuilder
    {
        builder.UseNpgsql(connectionString).UseSnakeCaseNamingConvention();
        return builder;
    }

    /// <summary>
    /// Whether an exception means the database could not be reached or dropped the connection (worth retrying),
    /// as opposed to a bug or a constraint violation.
    /// </summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is System.Net.Sockets.SocketException or IOException or TimeoutException
            || npgsql is PostgresException { SqlState: "57P01" or "57P02" or "57P03" or "53300" or "08006" or "08001" or "08003" or "08004" },
        DbUpdateException update when update.InnerException is not null => IsTransient(update.InnerException),
        InvalidOperationException invalid when invalid.InnerException is not null => IsTransient(invalid.InnerException),
        TimeoutException => true,
        _ => false,
    };
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Rehearse.Interview.Infrastructure;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the service or a database.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<InterviewDbContext>
{
    public InterviewDbContext CreateDbContext(string[] args) =>
        new(InterviewDatabase.Configure(new DbContextOptionsBuilder<InterviewDbContext>(), "Host=127.0.0.1;Database=rehearse").Options);
}

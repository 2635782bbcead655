using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rehearse.Interview.Infrastructure.Migrations
{
    /// <summary>
    /// The Orleans membership tables, functions and queries through which the Interview silos find each other
    /// (Orleans' own PostgreSQL scripts, embedded from Orleans/). Applied with the rest of the schema, once, by the
    /// migrator; the entity model is unchanged, so the migration has no target model of its own.
    /// </summary>
    [DbContext(typeof(InterviewDbContext))]
    [Migration("20261207140000_OrleansClustering")]
    public partial class OrleansClustering : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(OrleansScripts.Read("PostgreSQL-Main.sql"));
            migrationBuilder.Sql(OrleansScripts.Read("PostgreSQL-Clustering.sql"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TABLE OrleansMembershipTable;
                DROP TABLE OrleansMembershipVersionTable;
                DROP FUNCTION update_i_am_alive_time, insert_membership_version, insert_membership, update_membership;
                DROP TABLE OrleansQuery;
                """);
        }
    }
}

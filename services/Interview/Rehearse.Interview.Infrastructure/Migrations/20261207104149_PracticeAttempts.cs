using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rehearse.Interview.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class PracticeAttempts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "attempt",
                table: "turns",
                type: "integer",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<bool>(
                name: "practice",
                table: "sessions",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "attempt",
                table: "turns");

            migrationBuilder.DropColumn(
                name: "practice",
                table: "sessions");
        }
    }
}

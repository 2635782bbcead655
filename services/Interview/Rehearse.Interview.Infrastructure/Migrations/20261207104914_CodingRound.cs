using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rehearse.Interview.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class CodingRound : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "coding",
                table: "turns",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "coding_task",
                table: "turns",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "coding_language",
                table: "sessions",
                type: "character varying(40)",
                maxLength: 40,
                nullable: false,
                defaultValue: "Python");

            migrationBuilder.AddColumn<int>(
                name: "coding_question_count",
                table: "sessions",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "coding",
                table: "planned_questions",
                type: "jsonb",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "code_snapshots",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    session_id = table.Column<Guid>(type: "uuid", nullable: false),
                    turn_index = table.Column<int>(type: "integer", nullable: false),
                    problem_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ran_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    test_set = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    submission = table.Column<bool>(type: "boolean", nullable: false),
                    language = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    code = table.Column<string>(type: "text", nullable: false),
                    status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    verdict = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    passed_count = table.Column<int>(type: "integer", nullable: false),
                    test_count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_code_snapshots", x => x.id);
                    table.ForeignKey(
                        name: "fk_code_snapshots_sessions_session_id",
                        column: x => x.session_id,
                        principalTable: "sessions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_code_snapshots_session_id_turn_index_ran_at",
                table: "code_snapshots",
                columns: new[] { "session_id", "turn_index", "ran_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "code_snapshots");

            migrationBuilder.DropColumn(
                name: "coding",
                table: "turns");

            migrationBuilder.DropColumn(
                name: "coding_task",
                table: "turns");

            migrationBuilder.DropColumn(
                name: "coding_language",
                table: "sessions");

            migrationBuilder.DropColumn(
                name: "coding_question_count",
                table: "sessions");

            migrationBuilder.DropColumn(
                name: "coding",
                table: "planned_questions");
        }
    }
}

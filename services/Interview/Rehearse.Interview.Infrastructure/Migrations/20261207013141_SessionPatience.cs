using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rehearse.Interview.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class SessionPatience : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<TimeSpan>(
                name: "end_of_answer_silence",
                table: "sessions",
                type: "interval",
                nullable: true,
                oldClrType: typeof(TimeSpan),
                oldType: "interval");

            migrationBuilder.AddColumn<string>(
                name: "patience",
                table: "sessions",
                type: "character varying(40)",
                maxLength: 40,
                nullable: false,
                defaultValue: "Normal");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "patience",
                table: "sessions");

            migrationBuilder.AlterColumn<TimeSpan>(
                name: "end_of_answer_silence",
                table: "sessions",
                type: "interval",
                nullable: false,
                defaultValue: new TimeSpan(0, 0, 0, 0, 0),
                oldClrType: typeof(TimeSpan),
                oldType: "interval",
                oldNullable: true);
        }
    }
}

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rehearse.Interview.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class AnswerAudioEncoding : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "encoding",
                table: "answer_audio",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "linear16");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "encoding",
                table: "answer_audio");
        }
    }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RelationshipCare.Migrations.Postgres.Crm
{
    /// <inheritdoc />
    public partial class PolicyWrites : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "write_pending_since",
                schema: "crm",
                table: "policies",
                type: "timestamp with time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "write_pending_since",
                schema: "crm",
                table: "policies");
        }
    }
}

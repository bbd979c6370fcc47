using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RelationshipCare.Migrations.Sqlite.Teams
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "teams");

            migrationBuilder.CreateTable(
                name: "agents",
                schema: "teams",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    full_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    email = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    role = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    team_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    training_level = table.Column<int>(type: "INTEGER", nullable: false),
                    experience_start_date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    certifications = table.Column<string>(type: "TEXT", nullable: false),
                    is_active = table.Column<bool>(type: "INTEGER", nullable: false),
                    can_force_assign = table.Column<bool>(type: "INTEGER", nullable: false),
                    can_receive_handoffs = table.Column<bool>(type: "INTEGER", nullable: false),
                    specialties = table.Column<string>(type: "TEXT", nullable: false),
                    max_concurrent_clients = table.Column<int>(type: "INTEGER", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_agents", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "teams",
                schema: "teams",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    description = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    lead_agent_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_teams", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_agents_email",
                schema: "teams",
                table: "agents",
                column: "email",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_agents_team_id",
                schema: "teams",
                table: "agents",
                column: "team_id");

            migrationBuilder.CreateIndex(
                name: "ix_teams_lead_agent_id",
                schema: "teams",
                table: "teams",
                column: "lead_agent_id");

            migrationBuilder.CreateIndex(
                name: "ix_teams_name",
                schema: "teams",
                table: "teams",
                column: "name",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "agents",
                schema: "teams");

            migrationBuilder.DropTable(
                name: "teams",
                schema: "teams");
        }
    }
}

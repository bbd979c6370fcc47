using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RelationshipCare.Migrations.Postgres.Teams
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
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    full_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    role = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    team_id = table.Column<Guid>(type: "uuid", nullable: true),
                    training_level = table.Column<int>(type: "integer", nullable: false),
                    experience_start_date = table.Column<DateOnly>(type: "date", nullable: false),
                    certifications = table.Column<List<string>>(type: "text[]", nullable: false),
                    is_active = table.Column<bool>(type: "boolean", nullable: false),
                    can_force_assign = table.Column<bool>(type: "boolean", nullable: false),
                    can_receive_handoffs = table.Column<bool>(type: "boolean", nullable: false),
                    specialties = table.Column<List<string>>(type: "text[]", nullable: false),
                    max_concurrent_clients = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    description = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    lead_agent_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RelationshipCare.Migrations.Sqlite.AiRouting
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "ai");

            migrationBuilder.CreateTable(
                name: "ai_approvals",
                schema: "ai",
                columns: table => new
                {
                    request_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    agent_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    team_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    lead_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    estimated_cost_micros = table.Column<long>(type: "INTEGER", nullable: false),
                    model = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    prompt_preview = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    decided_by = table.Column<Guid>(type: "TEXT", nullable: true),
                    requested_at = table.Column<long>(type: "INTEGER", nullable: false),
                    expires_at = table.Column<long>(type: "INTEGER", nullable: false),
                    decided_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ai_approvals", x => x.request_id);
                });

            migrationBuilder.CreateTable(
                name: "ai_budget_counters",
                schema: "ai",
                columns: table => new
                {
                    key = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    spent_micros = table.Column<long>(type: "INTEGER", nullable: false),
                    reserved_micros = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ai_budget_counters", x => x.key);
                });

            migrationBuilder.CreateTable(
                name: "ai_budget_reservations",
                schema: "ai",
                columns: table => new
                {
                    request_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    counter_keys = table.Column<string>(type: "TEXT", nullable: false),
                    amount_micros = table.Column<long>(type: "INTEGER", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    settled_at = table.Column<long>(type: "INTEGER", nullable: true),
                    settled_micros = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ai_budget_reservations", x => x.request_id);
                });

            migrationBuilder.CreateTable(
                name: "ai_budgets",
                schema: "ai",
                columns: table => new
                {
                    scope = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    scope_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    daily_limit_micros = table.Column<long>(type: "INTEGER", nullable: false),
                    monthly_limit_micros = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ai_budgets", x => new { x.scope, x.scope_id });
                });

            migrationBuilder.CreateTable(
                name: "ai_models",
                schema: "ai",
                columns: table => new
                {
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    provider = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    context_window = table.Column<int>(type: "INTEGER", nullable: false),
                    max_output_tokens = table.Column<int>(type: "INTEGER", nullable: false),
                    input_per_million = table.Column<decimal>(type: "TEXT", precision: 12, scale: 4, nullable: false),
                    output_per_million = table.Column<decimal>(type: "TEXT", precision: 12, scale: 4, nullable: false),
                    cached_input_per_million = table.Column<decimal>(type: "TEXT", precision: 12, scale: 4, nullable: false),
                    price_effective_from = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    enabled = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ai_models", x => x.name);
                });

            migrationBuilder.CreateTable(
                name: "ai_requests",
                schema: "ai",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    agent_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    team_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    client_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    request_type = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    tier = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    model = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    provider = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    channel = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    prompt_tokens = table.Column<int>(type: "INTEGER", nullable: false),
                    completion_tokens = table.Column<int>(type: "INTEGER", nullable: false),
                    cached_tokens = table.Column<int>(type: "INTEGER", nullable: false),
                    estimated_cost_micros = table.Column<long>(type: "INTEGER", nullable: false),
                    cost_micros = table.Column<long>(type: "INTEGER", nullable: false),
                    processing_time_ms = table.Column<int>(type: "INTEGER", nullable: false),
                    cached = table.Column<bool>(type: "INTEGER", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    error = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    answer = table.Column<string>(type: "TEXT", nullable: true),
                    payload = table.Column<string>(type: "TEXT", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    completed_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ai_requests", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "ai_routing_rules",
                schema: "ai",
                columns: table => new
                {
                    tier = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    models = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ai_routing_rules", x => x.tier);
                });

            migrationBuilder.CreateIndex(
                name: "ix_ai_approvals_lead_id_status",
                schema: "ai",
                table: "ai_approvals",
                columns: new[] { "lead_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_ai_approvals_status_expires_at",
                schema: "ai",
                table: "ai_approvals",
                columns: new[] { "status", "expires_at" });

            migrationBuilder.CreateIndex(
                name: "ix_ai_budget_reservations_settled_at_created_at",
                schema: "ai",
                table: "ai_budget_reservations",
                columns: new[] { "settled_at", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_ai_requests_agent_id_created_at",
                schema: "ai",
                table: "ai_requests",
                columns: new[] { "agent_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_ai_requests_client_id",
                schema: "ai",
                table: "ai_requests",
                column: "client_id");

            migrationBuilder.CreateIndex(
                name: "ix_ai_requests_created_at_cost_micros",
                schema: "ai",
                table: "ai_requests",
                columns: new[] { "created_at", "cost_micros" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ai_approvals",
                schema: "ai");

            migrationBuilder.DropTable(
                name: "ai_budget_counters",
                schema: "ai");

            migrationBuilder.DropTable(
                name: "ai_budget_reservations",
                schema: "ai");

            migrationBuilder.DropTable(
                name: "ai_budgets",
                schema: "ai");

            migrationBuilder.DropTable(
                name: "ai_models",
                schema: "ai");

            migrationBuilder.DropTable(
                name: "ai_requests",
                schema: "ai");

            migrationBuilder.DropTable(
                name: "ai_routing_rules",
                schema: "ai");
        }
    }
}

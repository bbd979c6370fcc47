using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RelationshipCare.Migrations.Postgres.AiRouting
{
    /// <inheritdoc />
    public partial class BudgetCountersInStore : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ai_budget_counters",
                schema: "ai");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ai_budget_counters",
                schema: "ai",
                columns: table => new
                {
                    key = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    reserved_micros = table.Column<long>(type: "bigint", nullable: false),
                    spent_micros = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ai_budget_counters", x => x.key);
                });
        }
    }
}

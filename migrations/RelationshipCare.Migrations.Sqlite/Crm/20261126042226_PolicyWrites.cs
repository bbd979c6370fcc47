using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RelationshipCare.Migrations.Sqlite.Crm
{
    /// <inheritdoc />
    public partial class PolicyWrites : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "write_pending_since",
                schema: "crm",
                table: "policies",
                type: "INTEGER",
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

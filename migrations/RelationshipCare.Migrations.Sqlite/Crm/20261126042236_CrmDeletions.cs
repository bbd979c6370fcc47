using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RelationshipCare.Migrations.Sqlite.Crm
{
    /// <inheritdoc />
    public partial class CrmDeletions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "removed",
                schema: "crm",
                table: "sync_runs",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "deletion_cursor",
                schema: "crm",
                table: "connections",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "deletions_synced_through",
                schema: "crm",
                table: "connections",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "removed_by_connection_id",
                schema: "crm",
                table: "clients",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "removed_external_id",
                schema: "crm",
                table: "clients",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "removed_from_crm_at",
                schema: "crm",
                table: "clients",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_clients_removed_by_connection_id_removed_external_id",
                schema: "crm",
                table: "clients",
                columns: new[] { "removed_by_connection_id", "removed_external_id" });

            // Connections synced before deletions were read count them from their last sync.
            migrationBuilder.Sql("UPDATE connections SET deletions_synced_through = synced_through;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_clients_removed_by_connection_id_removed_external_id",
                schema: "crm",
                table: "clients");

            migrationBuilder.DropColumn(
                name: "removed",
                schema: "crm",
                table: "sync_runs");

            migrationBuilder.DropColumn(
                name: "deletion_cursor",
                schema: "crm",
                table: "connections");

            migrationBuilder.DropColumn(
                name: "deletions_synced_through",
                schema: "crm",
                table: "connections");

            migrationBuilder.DropColumn(
                name: "removed_by_connection_id",
                schema: "crm",
                table: "clients");

            migrationBuilder.DropColumn(
                name: "removed_external_id",
                schema: "crm",
                table: "clients");

            migrationBuilder.DropColumn(
                name: "removed_from_crm_at",
                schema: "crm",
                table: "clients");
        }
    }
}

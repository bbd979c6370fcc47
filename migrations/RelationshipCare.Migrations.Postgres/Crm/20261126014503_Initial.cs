using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RelationshipCare.Migrations.Postgres.Crm
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "crm");

            migrationBuilder.CreateTable(
                name: "client_external_ids",
                schema: "crm",
                columns: table => new
                {
                    connection_id = table.Column<Guid>(type: "uuid", nullable: false),
                    external_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    client_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_client_external_ids", x => new { x.connection_id, x.external_id });
                });

            migrationBuilder.CreateTable(
                name: "client_notes",
                schema: "crm",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    client_id = table.Column<Guid>(type: "uuid", nullable: false),
                    author_agent_id = table.Column<Guid>(type: "uuid", nullable: false),
                    author_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    text = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_client_notes", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "client_shares",
                schema: "crm",
                columns: table => new
                {
                    client_id = table.Column<Guid>(type: "uuid", nullable: false),
                    agent_id = table.Column<Guid>(type: "uuid", nullable: false),
                    shared_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_client_shares", x => new { x.client_id, x.agent_id });
                });

            migrationBuilder.CreateTable(
                name: "clients",
                schema: "crm",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    first_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    last_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    sort_name = table.Column<string>(type: "character varying(210)", maxLength: 210, nullable: false),
                    email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    phone = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    company = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    birthdate = table.Column<DateOnly>(type: "date", nullable: true),
                    street = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    city = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    state = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: true),
                    postal_code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    country = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: true),
                    preferred_channel = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    quiet_hours_start = table.Column<TimeOnly>(type: "time without time zone", nullable: true),
                    quiet_hours_end = table.Column<TimeOnly>(type: "time without time zone", nullable: true),
                    language = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: true),
                    time_zone = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    owner_agent_id = table.Column<Guid>(type: "uuid", nullable: false),
                    source = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    source_connection_id = table.Column<Guid>(type: "uuid", nullable: true),
                    last_contact_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    next_renewal_date = table.Column<DateOnly>(type: "date", nullable: true),
                    custom_fields = table.Column<string>(type: "jsonb", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_clients", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "custom_field_definitions",
                schema: "crm",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    key = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    label = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    type = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    choices = table.Column<List<string>>(type: "text[]", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_custom_field_definitions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "policies",
                schema: "crm",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    client_id = table.Column<Guid>(type: "uuid", nullable: false),
                    external_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    number = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    line_of_business = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    carrier = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    premium = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: true),
                    effective_date = table.Column<DateOnly>(type: "date", nullable: true),
                    expiration_date = table.Column<DateOnly>(type: "date", nullable: true),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_policies", x => x.id);
                    table.ForeignKey(
                        name: "fk_policies_clients_client_id",
                        column: x => x.client_id,
                        principalSchema: "crm",
                        principalTable: "clients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_client_external_ids_client_id",
                schema: "crm",
                table: "client_external_ids",
                column: "client_id");

            migrationBuilder.CreateIndex(
                name: "ix_client_notes_client_id_created_at",
                schema: "crm",
                table: "client_notes",
                columns: new[] { "client_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_client_shares_agent_id",
                schema: "crm",
                table: "client_shares",
                column: "agent_id");

            migrationBuilder.CreateIndex(
                name: "ix_clients_email",
                schema: "crm",
                table: "clients",
                column: "email")
                .Annotation("Npgsql:IndexOperators", new[] { "text_pattern_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_clients_last_contact_at_id",
                schema: "crm",
                table: "clients",
                columns: new[] { "last_contact_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_clients_next_renewal_date_id",
                schema: "crm",
                table: "clients",
                columns: new[] { "next_renewal_date", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_clients_owner_agent_id_sort_name_id",
                schema: "crm",
                table: "clients",
                columns: new[] { "owner_agent_id", "sort_name", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_clients_phone",
                schema: "crm",
                table: "clients",
                column: "phone");

            migrationBuilder.CreateIndex(
                name: "ix_clients_sort_name",
                schema: "crm",
                table: "clients",
                column: "sort_name")
                .Annotation("Npgsql:IndexOperators", new[] { "text_pattern_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_clients_sort_name_id",
                schema: "crm",
                table: "clients",
                columns: new[] { "sort_name", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_custom_field_definitions_key",
                schema: "crm",
                table: "custom_field_definitions",
                column: "key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_policies_client_id",
                schema: "crm",
                table: "policies",
                column: "client_id");

            migrationBuilder.CreateIndex(
                name: "ix_policies_expiration_date_client_id",
                schema: "crm",
                table: "policies",
                columns: new[] { "expiration_date", "client_id" });

            migrationBuilder.CreateIndex(
                name: "ix_policies_line_of_business_client_id",
                schema: "crm",
                table: "policies",
                columns: new[] { "line_of_business", "client_id" });

            migrationBuilder.CreateIndex(
                name: "ix_policies_number",
                schema: "crm",
                table: "policies",
                column: "number",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "client_external_ids",
                schema: "crm");

            migrationBuilder.DropTable(
                name: "client_notes",
                schema: "crm");

            migrationBuilder.DropTable(
                name: "client_shares",
                schema: "crm");

            migrationBuilder.DropTable(
                name: "custom_field_definitions",
                schema: "crm");

            migrationBuilder.DropTable(
                name: "policies",
                schema: "crm");

            migrationBuilder.DropTable(
                name: "clients",
                schema: "crm");
        }
    }
}

#!/usr/bin/env bash
# Adds the same EF Core migration for both database providers.
#   scripts/add-migration.sh <Module> <Name>     e.g. scripts/add-migration.sh Teams AddHandoffs
# <Module> is Platform or a folder under src/RelationshipCare.Web/Modules; its DbContext is <Module>DbContext.
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "usage: $0 <Module> <MigrationName>" >&2
  exit 2
fi
module=$1
name=$2
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
dotnet tool restore >/dev/null
dotnet build src/RelationshipCare.Web -nologo -v q >/dev/null

for provider in Postgres Sqlite; do
  echo "== $provider"
  # The connection string is only a placeholder: adding a migration compares the model with the last snapshot
  # and never connects.
  dotnet ef migrations add "$name" \
    --no-build \
    --project "migrations/RelationshipCare.Migrations.$provider" \
    --startup-project src/RelationshipCare.Web \
    --context "${module}DbContext" \
    --output-dir "$module" \
    -- --Database:Provider=$provider --ConnectionStrings:Postgres="Host=localhost;Database=design_time"
done
# The host builds the migrations assemblies; build once more so they include the new migration.
dotnet build src/RelationshipCare.Web -nologo -v q >/dev/null
echo "Added $name to $module for both providers."

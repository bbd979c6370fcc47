# Relationship Care: the one host, built with the SDK and run on the ASP.NET Core runtime image as a non-root user.
#
#   docker build --build-arg DOTNET_IMAGES=<registry>/dotnet -t relationship-care .
#   docker run --rm -e Database__Provider=Postgres -e ConnectionStrings__Postgres="Host=...;Password=..." \
#     relationship-care migrate                                   # apply migrations, then exit
#   docker run --rm ... relationship-care create-admin EMAIL "NAME"  # the first admin; prints a password once
#   docker run -d -p 8080:8080 ... relationship-care              # serve on port 8080
#
# docker-compose.yml runs the same image with PostgreSQL and Redis (its `migrate` service runs the migrate command
# before the app starts). Every setting is an environment variable: see docs/configuration.md.

# Where the official .NET images come from: Microsoft's container registry path for dotnet, or your mirror of it.
ARG DOTNET_IMAGES
ARG DOTNET_VERSION=10.0

FROM ${DOTNET_IMAGES}/sdk:${DOTNET_VERSION} AS build
WORKDIR /source

# Restore first, from the project files alone, so the package layer is reused until a project file changes.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/RelationshipCare.Web/RelationshipCare.Web.csproj src/RelationshipCare.Web/
COPY migrations/Directory.Build.props migrations/
COPY migrations/RelationshipCare.Migrations.Postgres/RelationshipCare.Migrations.Postgres.csproj migrations/RelationshipCare.Migrations.Postgres/
COPY migrations/RelationshipCare.Migrations.Sqlite/RelationshipCare.Migrations.Sqlite.csproj migrations/RelationshipCare.Migrations.Sqlite/
RUN dotnet restore src/RelationshipCare.Web/RelationshipCare.Web.csproj

# The host's build also builds both migrations assemblies and publishes them beside it.
COPY src/ src/
COPY migrations/ migrations/
RUN dotnet publish src/RelationshipCare.Web/RelationshipCare.Web.csproj -c Release -o /app --no-restore -p:UseAppHost=false

FROM ${DOTNET_IMAGES}/aspnet:${DOTNET_VERSION} AS runtime
WORKDIR /app
# The application files stay owned by root, read-only for the app user. App_Data is the one writable folder, used
# only in local mode (SQLite), when the image is run without a database configured.
COPY --from=build /app ./
RUN mkdir App_Data && chown "$APP_UID" App_Data
# The image's built-in unprivileged user.
USER $APP_UID

ENV ASPNETCORE_ENVIRONMENT=Production \
    ASPNETCORE_HTTP_PORTS=8080
EXPOSE 8080

# The runtime image has no curl or wget; bash's /dev/tcp is enough to ask /health/live (the process answers;
# dependencies are /health/ready's business, so a database outage does not restart every container).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${ASPNETCORE_HTTP_PORTS%%[,;]*} && printf 'GET /health/live HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]

# Arguments select a command: none serves; `migrate` and `create-admin EMAIL "NAME"` run once and exit.
ENTRYPOINT ["dotnet", "RelationshipCare.Web.dll"]

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace RelationshipCare.Web.Platform.Data;

internal static class AppModelConventions
{
    /// <summary>
    /// Conventions shared by every module's model. SQLite has no date-time-with-offset type it can compare or
    /// sort, so there instants are stored as UTC ticks; PostgreSQL keeps <c>timestamptz</c>.
    /// </summary>
    public static void UseAppConventions(this ModelConfigurationBuilder builder, DatabaseFacade database)
    {
        if (database.IsSqlite())
        {
            builder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
            builder.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        }
    }
}

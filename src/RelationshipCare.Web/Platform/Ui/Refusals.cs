using ErrorOr;
using MudBlazor;

namespace RelationshipCare.Web.Platform.Ui;

/// <summary>How a page tells the user that an action outside a form was refused (a conflict, a missing record).</summary>
public static class Refusals
{
    /// <summary>
    /// Shows "<paramref name="what"/> <em>why</em>" until the user closes it: a refusal is worth reading in full,
    /// and a message that vanishes on its own is easy to miss with a screen reader or a magnifier.
    /// </summary>
    public static void AddRefusal(this ISnackbar snackbar, string what, IEnumerable<Error> errors) =>
        snackbar.Add($"{what} {FieldErrors.From(errors).General}", Severity.Error, options =>
        {
            options.RequireInteraction = true;
            options.ShowCloseIcon = true;
        });
}

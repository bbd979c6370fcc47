using MudBlazor;

namespace RelationshipCare.Web.Platform.Ui.Layout;

/// <summary>The agency palette: a calm blue with enough contrast for text on every surface (WCAG AA).</summary>
internal static class AppTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1b4d6b",
            Secondary = "#2e7d6b",
            Tertiary = "#8a5a00",
            // MudBlazor's default status colours are too light for white text; these keep 4.5:1.
            Info = "#1565c0",
            Success = "#2e7d32",
            Warning = "#955800",
            Error = "#b3261e",
            AppbarBackground = "#1b4d6b",
            AppbarText = "#ffffff",
            Background = "#f5f7f9",
            DrawerBackground = "#ffffff",
            TextPrimary = "#1d2329",
            TextSecondary = "#4a5560",
            DrawerText = "#1d2329",
            DrawerIcon = "#4a5560",
            ActionDefault = "#4a5560",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["Inter", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"] },
            // Sentence case reads faster than capitals, and screen readers do not spell it out.
            Button = new ButtonTypography { TextTransform = "none", FontWeight = "600" },
        },
        LayoutProperties = new LayoutProperties { DrawerWidthLeft = "248px" },
    };
}

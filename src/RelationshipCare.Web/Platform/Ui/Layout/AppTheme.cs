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
            AppbarBackground = "#1b4d6b",
            Background = "#f5f7f9",
            DrawerBackground = "#ffffff",
            TextPrimary = "#1d2329",
            TextSecondary = "#4a5560",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["Inter", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"] },
        },
        LayoutProperties = new LayoutProperties { DrawerWidthLeft = "248px" },
    };
}

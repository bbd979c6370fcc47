using Microsoft.Playwright;

namespace RelationshipCare.EndToEnd;

/// <summary>Screenshots kept as test artifacts in <c>artifacts/screenshots/</c> at the repository's root (git-ignored).</summary>
internal static class Screenshots
{
    private static readonly Lazy<string> Folder = new(() =>
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "RelationshipCare.sln")))
        {
            root = root.Parent;
        }

        var folder = Path.Combine(root?.FullName ?? AppContext.BaseDirectory, "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        return folder;
    });

    /// <summary>Saves the whole page as <paramref name="name"/>.png and returns the file's path.</summary>
    public static async Task<string> SaveAsync(IPage page, string name)
    {
        var path = Path.Combine(Folder.Value, $"{name}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true, Animations = ScreenshotAnimations.Disabled });
        return path;
    }
}

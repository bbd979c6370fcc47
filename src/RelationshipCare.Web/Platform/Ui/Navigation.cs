namespace RelationshipCare.Web.Platform.Ui;

/// <summary>Where a navigation entry appears: the agent area or the admins' back office.</summary>
public enum NavArea
{
    Agent,
    BackOffice,
}

/// <summary>An entry in the side navigation; each module adds its own in its <c>XModule.cs</c>.</summary>
/// <param name="Href">Base-relative address, such as <c>agents</c>.</param>
/// <param name="Policy">The authorization policy that must pass for the entry to show; the page enforces the same one.</param>
/// <param name="ForceLoad">True for pages outside the Blazor app (the jobs dashboard).</param>
public sealed record NavEntry(string Title, string Href, string Icon, NavArea Area, string Policy, int Order, bool ForceLoad = false);

/// <summary>Where a module's component appears on a shared page: the home dashboard, the profile page or a client's page.</summary>
public enum UiSlot
{
    Dashboard,
    Profile,

    /// <summary>A client's 360 page; the component is given the client's id as its <c>Guid? ClientId</c> parameter.</summary>
    ClientPage,
}

/// <summary>A module's component on a shared page, shown to users who pass <paramref name="Policy"/>.</summary>
public sealed record SlotComponent(UiSlot Slot, Type Component, string Policy, int Order);

public static class NavigationRegistration
{
    public static IServiceCollection AddNavEntry(this IServiceCollection services, NavEntry entry) => services.AddSingleton(entry);

    public static IServiceCollection AddSlotComponent<TComponent>(this IServiceCollection services, UiSlot slot, string policy, int order)
        where TComponent : Microsoft.AspNetCore.Components.IComponent =>
        services.AddSingleton(new SlotComponent(slot, typeof(TComponent), policy, order));
}

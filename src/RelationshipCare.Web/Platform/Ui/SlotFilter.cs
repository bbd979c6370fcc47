using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace RelationshipCare.Web.Platform.Ui;

internal static class SlotFilter
{
    /// <summary>The components of a slot the user may see, in order.</summary>
    public static async Task<List<SlotComponent>> VisibleAsync(IEnumerable<SlotComponent> all, UiSlot slot, ClaimsPrincipal user, IAuthorizationService authorization)
    {
        List<SlotComponent> visible = [];
        foreach (var component in all.Where(c => c.Slot == slot).OrderBy(c => c.Order))
        {
            if ((await authorization.AuthorizeAsync(user, component.Policy)).Succeeded)
            {
                visible.Add(component);
            }
        }

        return visible;
    }
}

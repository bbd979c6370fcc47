// Relationship Care in the browser: what Blazor and MudBlazor do not do on their own.

// The skip link moves keyboard focus, not only the scroll position, to the main region, so the next Tab starts
// there. Handled in the capture phase so Blazor's router does not treat the link as a navigation.
document.addEventListener('click', event => {
    const link = event.target instanceof Element ? event.target.closest('a.skip-link') : null;
    const main = link ? document.getElementById('main') : null;
    if (!main) {
        return;
    }

    event.preventDefault();
    event.stopPropagation();
    main.focus();
    main.scrollIntoView();
}, true);

// Installable app: the service worker shows an offline notice when the server cannot be reached. Where service
// workers are unavailable (plain http on a network address), the app works the same without it.
if ('serviceWorker' in navigator) {
    window.addEventListener('load', () => {
        navigator.serviceWorker.register('sw.js', { scope: './' }).catch(() => { });
    });
}

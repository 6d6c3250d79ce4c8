// Registers the service worker in production builds, so the playground keeps
// working offline after the first visit. Development builds never register it:
// a cached dev server would hide every change.
export async function registerServiceWorker(): Promise<ServiceWorkerRegistration | null> {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return null;
  try {
    return await navigator.serviceWorker.register('./sw.js', { scope: './', type: 'module' });
  } catch {
    // Private windows and file:// pages have no service workers: the app works online as before.
    return null;
  }
}

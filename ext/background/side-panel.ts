import { browser } from 'wxt/browser';

/**
 * The panel beside the page: Chrome/Edge `sidePanel`, Firefox
 * `sidebar_action`. The only module that touches either.
 */
export function installPanelOpener(): void {
  if (typeof chrome !== 'undefined' && chrome.sidePanel) {
    // The toolbar button (and its shortcut) opens the panel in Chrome/Edge.
    void chrome.sidePanel.setPanelBehavior({ openPanelOnActionClick: true });
    return;
  }
  const sidebar = (browser as unknown as { sidebarAction?: { toggle(): Promise<void> } }).sidebarAction;
  if (sidebar) browser.action.onClicked.addListener(() => void sidebar.toggle());
}

/** Marks a tab as a call page: the panel is offered there. */
export async function markCallTab(tabId: number): Promise<void> {
  await browser.action.setBadgeText({ tabId, text: '●' });
  await browser.action.setBadgeBackgroundColor({ tabId, color: '#3d6b5e' });
  await browser.action.setTitle({ tabId, title: 'Open Squircle beside this call' });
  if (typeof chrome !== 'undefined' && chrome.sidePanel) {
    await chrome.sidePanel.setOptions({ tabId, path: 'sidepanel.html', enabled: true });
  }
}

/** A short, silent note on the toolbar button when a shortcut could not act. */
export async function flashBadge(tabId: number | undefined, title: string): Promise<void> {
  if (tabId === undefined) return;
  await browser.action.setBadgeText({ tabId, text: '!' });
  await browser.action.setTitle({ tabId, title });
  setTimeout(() => void browser.action.setBadgeText({ tabId, text: '●' }).catch(() => undefined), 3000);
}

/** Opens the panel beside a tab, when the browser allows it from a shortcut. */
export async function openPanelFor(tab?: { id?: number; windowId?: number }): Promise<void> {
  try {
    if (typeof chrome !== 'undefined' && chrome.sidePanel?.open && tab?.windowId !== undefined) {
      await chrome.sidePanel.open({ windowId: tab.windowId });
      return;
    }
    const sidebar = (browser as unknown as { sidebarAction?: { open(): Promise<void> } }).sidebarAction;
    await sidebar?.open();
  } catch {
    // Not allowed without a user gesture here: the marker is recorded anyway.
  }
}

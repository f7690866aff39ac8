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

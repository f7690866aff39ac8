import { render } from 'preact';
import { browser } from 'wxt/browser';
import '../../components/theme.css';
import { panelServices } from '../../ext/panel/panel-services';
import { effectiveSettings, onSettingsChanged } from '../../ext/common/settings-store';
import { applyLanguage } from '../../ext/common/locale';
import type { Settings } from '../../policy/settings';
import { App } from './App';

const openPrint = (sessionId: string, noteClass: string) =>
  void browser.tabs.create({
    url: browser.runtime.getURL(`/print.html?session=${encodeURIComponent(sessionId)}&class=${noteClass}`),
  });

const openOptions = () => void browser.runtime.openOptionsPage();

/** The side panel's composition root: its services, and the settings they and the views are given. */
function main(root: HTMLElement): void {
  // The settings on screen: the vault reads the clinic's KDF floor and recovery key from them when it
  // creates or unlocks.
  let shown: Settings | undefined;
  const services = panelServices({
    kdfFloor: () => shown?.kdfMinimum,
    recoveryKey: () => shown?.recoveryPublicKey,
  });
  // Re-rendered whenever the user's choices or the clinic's policy change.
  let language: Settings['language'] | undefined;
  let lang = '';
  const show = async () => {
    shown = await effectiveSettings();
    if (shown.language !== language) lang = await applyLanguage((language = shown.language));
    // A new language renders the panel afresh, so every view reads its text again.
    render(
      <App key={lang} services={services} settings={shown} openPrint={openPrint} openOptions={openOptions} />,
      root,
    );
  };
  onSettingsChanged(() => void show());
  void show();
}

main(document.getElementById('app')!);

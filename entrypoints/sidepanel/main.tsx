import { render } from 'preact';
import { browser } from 'wxt/browser';
import '../../components/theme.css';
import { panelServices } from '../../ext/panel/panel-services';
import { setClinicTemplates } from '../../domain/templates';
import { effectiveSettings, onSettingsChanged } from '../../ext/shared/settings-store';
import type { Settings } from '../../policy/settings';
import { App } from './App';

let current: Settings | undefined;
const services = panelServices();
services.vault.floor = () => current?.kdfMinimum;
const openPrint = (sessionId: string, noteClass: string) =>
  void browser.tabs.create({
    url: browser.runtime.getURL(`/print.html?session=${encodeURIComponent(sessionId)}&class=${noteClass}`),
  });

// Re-rendered whenever the user's choices or the clinic's policy change.
const show = async () => {
  current = await effectiveSettings();
  setClinicTemplates(current.noteTemplates);
  render(<App services={services} settings={current} openPrint={openPrint} />, document.getElementById('app')!);
};
onSettingsChanged(() => void show());
void show();

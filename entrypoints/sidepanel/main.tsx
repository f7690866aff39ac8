import { render } from 'preact';
import { browser } from 'wxt/browser';
import '../../components/theme.css';
import { pageServices } from '../../ext/services';
import { effectiveSettings } from '../../ext/settings-store';
import { App } from './App';

const services = pageServices();
const openPrint = (sessionId: string, noteClass: string) =>
  void browser.tabs.create({ url: browser.runtime.getURL(`/print.html?session=${encodeURIComponent(sessionId)}&class=${noteClass}`) });

void effectiveSettings().then((settings) =>
  render(<App services={services} settings={settings} openPrint={openPrint} />, document.getElementById('app')!),
);

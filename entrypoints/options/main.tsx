import { render } from 'preact';
import { browser } from 'wxt/browser';
import '../../components/theme.css';
import { pageServices } from '../../ext/services';
import { effectiveSettings, writeUserSetting } from '../../ext/settings-store';
import { App } from './App';

const services = pageServices();
void effectiveSettings().then((settings) =>
  render(
    <App services={services} settings={settings} version={browser.runtime.getManifest().version} save={writeUserSetting} />,
    document.getElementById('app')!,
  ),
);

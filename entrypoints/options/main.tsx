import { render } from 'preact';
import { browser } from 'wxt/browser';
import '../../components/theme.css';
import { pageServices } from '../../ext/panel/services';
import { onSettingsChanged, resolvedSettings, writeUserSetting } from '../../ext/common/settings-store';
import { App } from './App';

const services = pageServices();
const root = document.getElementById('app')!;
// Re-rendered whenever the user's choices or the clinic's policy change.
const show = async () =>
  render(
    <App
      services={services}
      resolved={await resolvedSettings()}
      version={browser.runtime.getManifest().version}
      save={writeUserSetting}
    />,
    root,
  );
onSettingsChanged(() => void show());
void show();

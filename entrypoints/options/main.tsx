import { render } from 'preact';
import { browser } from 'wxt/browser';
import '../../components/theme.css';
import { pageServices } from '../../ext/panel/services';
import { onSettingsChanged, resolvedSettings, writeUserSetting } from '../../ext/common/settings-store';
import { allowedHosts, askForHost, onPermissionsChanged } from '../../ext/panel/call-hosts';
import { applyLanguage } from '../../ext/common/locale';
import { App } from './App';

const services = pageServices();
const root = document.getElementById('app')!;
// Re-rendered whenever the user's choices, the clinic's policy or the granted hosts change.
let lang = '';
const show = async () => {
  const [resolved, allowed] = await Promise.all([resolvedSettings(), allowedHosts()]);
  if (resolved.settings.language !== lang) await applyLanguage((lang = resolved.settings.language));
  render(
    <App
      key={lang}
      services={services}
      resolved={resolved}
      version={browser.runtime.getManifest().version}
      save={writeUserSetting}
      allowedHosts={allowed}
      askForHost={askForHost}
    />,
    root,
  );
};
onSettingsChanged(() => void show());
onPermissionsChanged(() => void show());
void show();

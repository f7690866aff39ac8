import type { JSX } from 'preact';
import { AutoLockSetting } from '../../components/options/AutoLockSetting';
import { ChangePassphrase } from '../../components/options/ChangePassphrase';
import type { PageServices } from '../../ext/services';
import type { Settings } from '../../policy/settings';

interface Props {
  services: PageServices;
  settings: Settings;
  version: string;
  saveAutoLock: (minutes: number) => Promise<void>;
}

export function App({ services, settings, version, saveAutoLock }: Props): JSX.Element {
  return (
    <main class="options">
      <h1>Squircle settings</h1>
      <section class="card" aria-labelledby="lock-title">
        <h2 id="lock-title">Lock</h2>
        <p class="quiet">Locking closes the vault in every Squircle window at once.</p>
        <button type="button" onClick={() => void services.vault.lock()}>
          Lock now
        </button>
      </section>
      <AutoLockSetting minutes={settings.autoLockMinutes} save={saveAutoLock} />
      <ChangePassphrase
        change={(o, n) => services.vault.changePassphrase(o, n)}
        strength={services.strength}
        minLength={settings.minPassphraseLength}
      />
      <p class="quiet">Version {version}</p>
    </main>
  );
}

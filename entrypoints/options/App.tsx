import type { JSX } from 'preact';
import { ChangePassphrase } from '../../components/options/ChangePassphrase';
import { Preferences } from '../../components/options/Preferences';
import type { PageServices } from '../../ext/services';
import type { Settings } from '../../policy/settings';

interface Props {
  services: PageServices;
  settings: Settings;
  version: string;
  save: <K extends keyof Settings>(key: K, value: Settings[K]) => Promise<void>;
}

export function App({ services, settings, version, save }: Props): JSX.Element {
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
      <Preferences values={settings} save={(k, v) => save(k, v as Settings[typeof k])} />
      <ChangePassphrase
        change={(o, n) => services.vault.changePassphrase(o, n)}
        strength={services.strength}
        minLength={settings.minPassphraseLength}
      />
      <p class="quiet">Version {version}</p>
    </main>
  );
}

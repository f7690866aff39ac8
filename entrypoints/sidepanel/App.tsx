import type { JSX } from 'preact';
import { Header } from '../../components/Header';
import { ScratchNote } from '../../components/ScratchNote';
import { VaultGate } from '../../components/vault/VaultGate';
import type { PageServices } from '../../ext/services';
import type { Settings } from '../../policy/settings';

export function App({ services, settings }: { services: PageServices; settings: Settings }): JSX.Element {
  return (
    <main class="panel">
      <VaultGate vault={services.vault} strength={services.strength} minLength={settings.minPassphraseLength}>
        <Header onLock={() => void services.vault.lock()} />
        <ScratchNote load={services.scratch.load} save={services.scratch.save} />
      </VaultGate>
    </main>
  );
}

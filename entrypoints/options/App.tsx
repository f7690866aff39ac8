import type { JSX } from 'preact';
import { Button } from '../../components/common/Button';
import { IgnoredPolicy } from '../../components/options/Managed';
import { CallHosts } from '../../components/options/CallHosts';
import { ChangePassphrase } from '../../components/options/ChangePassphrase';
import { GcqWording } from '../../components/options/GcqWording';
import { ClinicRecovery } from '../../components/options/ClinicRecovery';
import { Preferences } from '../../components/options/Preferences';
import { SecurityKey } from '../../components/options/SecurityKey';
import type { PageServices } from '../../ext/panel/services';
import { securityKeyUnavailable } from '../../ext/panel/security-key';
import type { Resolved, Settings } from '../../policy/settings';
import { t } from '../../util/i18n';

interface Props {
  services: PageServices;
  resolved: Resolved;
  version: string;
  save: <K extends keyof Settings>(key: K, value: Settings[K]) => Promise<void>;
  /** Hosts the browser allows Squircle on (self-hosted call servers). */
  allowedHosts: ReadonlySet<string>;
  askForHost: (host: string) => Promise<boolean>;
}

export function App({ services, resolved, version, save, allowedHosts, askForHost }: Props): JSX.Element {
  const { settings, locked, ignored } = resolved;
  return (
    <main class="options">
      <h1>{t('options.title')}</h1>
      {settings.clinicName && (
        <p class="quiet managed" data-managed-by>
          {t('options.managedBy', { clinic: settings.clinicName })}
          {settings.supportContact && <> · {t('options.help', { contact: settings.supportContact })}</>}
        </p>
      )}
      <IgnoredPolicy ignored={ignored} />
      <section class="card" aria-labelledby="lock-title">
        <h2 id="lock-title">{t('options.lockTitle')}</h2>
        <p class="quiet">{t('options.lockText')}</p>
        <Button onClick={() => void services.vault.lock()}>{t('options.lockNow')}</Button>
      </section>
      <Preferences
        values={settings}
        locked={locked}
        clinic={settings.clinicName}
        save={(k, v) => save(k, v as Settings[typeof k])}
      />
      <GcqWording
        value={settings.gcqItemWording}
        locked={locked.has('gcqItemWording')}
        clinic={settings.clinicName}
        save={(items) => save('gcqItemWording', items)}
      />
      <CallHosts
        clinicHosts={settings.extraPlatformHosts.map((h) => h.toLowerCase())}
        ownHosts={settings.ownCallHosts}
        granted={allowedHosts}
        clinic={settings.clinicName}
        platformsAllowed={['jitsi', 'bigbluebutton'].some((id) => settings.allowedPlatforms.includes(id))}
        allow={askForHost}
        saveOwn={(hosts) => save('ownCallHosts', hosts)}
      />
      <ChangePassphrase
        change={(o, n) => services.vault.changePassphrase(o, n, settings.kdfMinimum)}
        rotate={(o, n, progress) => services.vault.rotateKey(o, n, progress, settings.kdfMinimum)}
        strength={services.strength}
        minLength={settings.minPassphraseLength}
      />
      <SecurityKey
        unavailable={securityKeyUnavailable}
        isOn={() => services.vault.needsKey()}
        turnOn={(p) => services.vault.addSecurityKey(p, settings.kdfMinimum)}
        turnOff={(p) => services.vault.removeSecurityKey(p, settings.kdfMinimum)}
        clinicRecovery={() => services.vault.recoveryFingerprint()}
        clinic={settings.clinicName}
      />
      <ClinicRecovery
        policySet={settings.recoveryPublicKey !== ''}
        fingerprint={() => services.vault.recoveryFingerprint()}
        clinic={settings.clinicName}
      />
      <p class="quiet">{t('options.version', { version })}</p>
    </main>
  );
}

import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { Button } from '../common/Button';
import { Checkbox } from '../common/Checkbox';
import { PassphraseField } from '../vault/PassphraseField';
import type { KeyProblem } from '../vault/types';
import { errorText, keyProblemText } from '../vault/key-problem';
import { t } from '../../util/i18n';

interface Props {
  /** Why this browser cannot use a security key for the vault, or undefined when it can. */
  unavailable: () => Promise<KeyProblem | undefined>;
  /** Whether unlocking needs the security key now. */
  isOn: () => Promise<boolean>;
  turnOn: (passphrase: string) => Promise<void>;
  turnOff: (passphrase: string) => Promise<void>;
  /** The fingerprint of the clinic recovery key this vault is sealed to, if any. */
  clinicRecovery: () => Promise<string | undefined>;
  clinic: string;
}

interface Loaded {
  on: boolean;
  unavailable: KeyProblem | undefined;
  recovery: boolean;
}

/**
 * "Also require a security key": explains first what losing the key means here (a backup from before, or
 * the clinic's recovery where it is set), asks for that to be confirmed, then registers the key. Turning it
 * off needs the key.
 */
export function SecurityKey(props: Props): JSX.Element | null {
  const { unavailable, isOn, turnOn, turnOff, clinicRecovery, clinic } = props;
  const [state, setState] = useState<Loaded | undefined>();
  const [asking, setAsking] = useState(false);
  const [understood, setUnderstood] = useState(false);
  const [pass, setPass] = useState('');
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | undefined>();

  useEffect(() => {
    let live = true;
    void Promise.all([isOn(), unavailable(), clinicRecovery().catch(() => undefined)]).then(([on, why, fp]) => {
      if (live) setState({ on, unavailable: why, recovery: !!fp });
    });
    return () => void (live = false);
  }, [isOn, unavailable, clinicRecovery]);

  if (!state) return null;

  const run = async (action: (p: string) => Promise<void>, done: string, on: boolean) => {
    setBusy(true);
    setMsg(undefined);
    try {
      await action(pass);
      setState({ ...state, on });
      setAsking(false);
      setUnderstood(false);
      setPass('');
      setMsg({ ok: true, text: done });
    } catch (err) {
      setMsg({ ok: false, text: t('common.nothingChanged', { error: errorText(err) }) });
    } finally {
      setBusy(false);
    }
  };

  const submit = (e: Event) => {
    e.preventDefault();
    if (!pass || busy) return;
    if (state.on) void run(turnOff, t('securityKey.turnedOff'), false);
    else if (understood) void run(turnOn, t('securityKey.turnedOn'), true);
  };

  const message = msg && (
    <p class={msg.ok ? 'quiet' : 'error'} role={msg.ok ? 'status' : 'alert'} data-security-key-message>
      {msg.text}
    </p>
  );

  return (
    <form
      class="card"
      onSubmit={submit}
      aria-labelledby="security-key-title"
      data-security-key={state.on ? 'on' : 'off'}
    >
      <h2 id="security-key-title">{t('securityKey.title')}</h2>
      <p class="quiet">{state.on ? t('securityKey.onText') : t('securityKey.offText')}</p>
      {state.unavailable && !state.on ? (
        <>
          <p class="hint" id="security-key-why">
            {keyProblemText(state.unavailable)}
          </p>
          <Button type="button" disabled aria-describedby="security-key-why">
            {t('securityKey.turnOn')}
          </Button>
        </>
      ) : !state.on && !asking ? (
        <>
          {message}
          <Button type="button" onClick={() => setAsking(true)}>
            {t('securityKey.turnOn')}
          </Button>
        </>
      ) : (
        <>
          {!state.on && (
            <div data-security-key-recovery>
              <h3>{t('securityKey.beforeTitle')}</h3>
              <p>{t('securityKey.lostKey')}</p>
              <p>
                {state.recovery
                  ? t('securityKey.recoveryClinic', { clinic: clinic || t('securityKey.yourClinic') })
                  : t('securityKey.recoveryNone')}
              </p>
              <Checkbox
                id="security-key-understood"
                label={t('securityKey.understood')}
                checked={understood}
                onChange={(e) => setUnderstood(e.currentTarget.checked)}
              />
            </div>
          )}
          <PassphraseField id="security-key-pass" label={t('securityKey.passphrase')} value={pass} onInput={setPass} />
          {busy && (
            <p class="quiet" aria-live="polite">
              {state.on ? t('securityKey.touchOff') : t('securityKey.touchOn')}
            </p>
          )}
          {message}
          <Button
            type="submit"
            variant={state.on ? 'secondary' : 'primary'}
            disabled={busy || !pass || (!state.on && !understood)}
          >
            {state.on ? t('securityKey.turnOff') : t('securityKey.confirmOn')}
          </Button>
          {!state.on && (
            <Button type="button" onClick={() => setAsking(false)} disabled={busy}>
              {t('securityKey.cancel')}
            </Button>
          )}
        </>
      )}
    </form>
  );
}

import type { JSX } from 'preact';
import { t } from '../../util/i18n';
import { Message } from '../common/Message';
import { useEffect, useState } from 'preact/hooks';

interface Props {
  /** The clinic's policy names a recovery key. */
  policySet: boolean;
  /** The fingerprint of the key this vault's key is sealed to, if any. */
  fingerprint: () => Promise<string | undefined>;
  clinic: string;
}

/** Whether the clinic can recover this vault, and with which key; nothing when neither policy nor record says so. */
export function ClinicRecovery({ policySet, fingerprint, clinic }: Props): JSX.Element | null {
  const [sealedTo, setSealedTo] = useState<string | undefined | 'loading'>('loading');
  useEffect(() => {
    let live = true;
    fingerprint().then(
      (f) => live && setSealedTo(f),
      () => live && setSealedTo(undefined),
    );
    return () => void (live = false);
  }, [fingerprint, policySet]);
  if (sealedTo === 'loading' || (!policySet && !sealedTo)) return null;
  const who = <bdi>{clinic || t('options.yourClinic')}</bdi>;
  return (
    <section class="card" aria-labelledby="recovery-title" data-clinic-recovery>
      <h2 id="recovery-title">{t('clinicRecovery.title')}</h2>
      {sealedTo ? (
        <p class="quiet">
          <Message
            id="clinicRecovery.sealed"
            parts={{ who, fingerprint: <code data-recovery-fingerprint>{sealedTo}</code> }}
          />
        </p>
      ) : (
        <p class="quiet">
          <Message id="clinicRecovery.pending" parts={{ who }} />
        </p>
      )}
    </section>
  );
}

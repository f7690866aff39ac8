import type { JSX } from 'preact';
import { t } from '../../util/i18n';
import { useState } from 'preact/hooks';
import type { LeaderProfile, PlatformStatus } from '../../domain/safety';
import { Button } from '../common/Button';
import { Checkbox } from '../common/Checkbox';
import { Field } from '../common/Field';

interface Props {
  profile: LeaderProfile;
  /** The platforms to ask about, e.g. from calls/platforms. */
  platforms: readonly { code: string; label: string }[];
  onSave: (p: Omit<LeaderProfile, 'id' | 'updatedAt'>) => Promise<unknown>;
}

const splitRegions = (s: string) =>
  s
    .split(/[,;\n]/)
    .map((x) => x.trim())
    .filter(Boolean);

/** Where the leader is licensed, PSYPACT, and which platforms are cleared for clinical use. */
export function LeaderProfileEditor({ profile, platforms, onSave }: Props): JSX.Element {
  const [licensed, setLicensed] = useState(profile.licensedIn.join(', '));
  const [psypact, setPsypact] = useState(profile.psypact);
  const [status, setStatus] = useState<Record<string, PlatformStatus>>(profile.platforms);
  const [saved, setSaved] = useState('');
  const set = (code: string, k: keyof PlatformStatus, v: boolean) => {
    const cur = status[code] ?? { approved: false, baa: false };
    setStatus({ ...status, [code]: { ...cur, [k]: v } });
  };
  return (
    <form
      class="card"
      aria-labelledby="leader-profile-title"
      onSubmit={async (e) => {
        e.preventDefault();
        await onSave({ licensedIn: splitRegions(licensed), psypact, platforms: status });
        setSaved(t('common.saved'));
      }}
    >
      <h3 id="leader-profile-title">{t('leaderProfile.title')}</h3>
      <Field
        id="leader-licensed"
        label={t('leaderProfile.licensedIn')}
        hint={t('leaderProfile.licensedInHint')}
        value={licensed}
        onInput={(e) => setLicensed(e.currentTarget.value)}
      />
      <Checkbox
        id="leader-psypact"
        label={t('leaderProfile.psypact')}
        checked={psypact}
        onChange={(e) => setPsypact(e.currentTarget.checked)}
      />
      <details class="fold">
        <summary>
          {t('leaderProfile.platforms', {
            approved: platforms.filter((p) => status[p.code]?.approved).length,
            count: platforms.length,
          })}
        </summary>
        <ul class="plain platforms">
          {platforms.map((p) => (
            <li key={p.code}>
              <strong>{p.label}</strong>
              <Checkbox
                id={`platform-${p.code}-approved`}
                label={t('leaderProfile.approved')}
                aria-label={t('leaderProfile.approvedFor', { platform: p.label })}
                checked={!!status[p.code]?.approved}
                onChange={(e) => set(p.code, 'approved', e.currentTarget.checked)}
              />
              <Checkbox
                id={`platform-${p.code}-baa`}
                label={t('leaderProfile.baa')}
                aria-label={t('leaderProfile.baaFor', { platform: p.label })}
                checked={!!status[p.code]?.baa}
                onChange={(e) => set(p.code, 'baa', e.currentTarget.checked)}
              />
            </li>
          ))}
        </ul>
      </details>
      <div class="row">
        <Button type="submit" variant="primary">
          {t('common.save')}
        </Button>
        <span role="status" class="quiet">
          {saved}
        </span>
      </div>
    </form>
  );
}

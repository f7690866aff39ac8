import type { JSX } from 'preact';
import { Field } from '../common/Field';
import { Button } from '../common/Button';
import { useEffect, useState } from 'preact/hooks';
import { THEME_LABELS, fill, firstName, promptsFor, type Prompt, type PromptTheme } from '../../domain/prompts';
import type { Member } from '../../domain/types';
import { MemberSelect } from '../common/MemberSelect';
import { t } from '../../util/i18n';
import { Spoken } from './Spoken';

interface Props {
  members: Member[];
  /** Built-in, the clinic's and the leader's own; absent outside a channel-aware panel. */
  load?: () => Promise<Prompt[]>;
  add?: (theme: string, text: string) => Promise<void>;
}

/** Phrasings to say aloud, by theme; a member's name fills in where it fits. Leaders add their own. */
export function PromptLibrary({ members, load, add }: Props): JSX.Element {
  const [theme, setTheme] = useState<PromptTheme>('here-and-now');
  const [who, setWho] = useState('');
  const [all, setAll] = useState<Prompt[] | undefined>();
  const [draft, setDraft] = useState('');
  const refresh = () => void load?.().then(setAll);
  useEffect(refresh, [load]);
  const name = members.find((m) => m.id === who)?.name ?? null;
  return (
    <section class="card" aria-labelledby="prompts-title">
      <h2 id="prompts-title">{t('backchannel.promptsTitle')}</h2>
      <div class="row">
        <Field
          as="select"
          id="prompt-theme"
          label={t('backchannel.theme')}
          value={theme}
          onChange={(e) => setTheme(e.currentTarget.value as PromptTheme)}
        >
          {(Object.keys(THEME_LABELS) as PromptTheme[]).map((th) => (
            <option key={th} value={th}>
              {THEME_LABELS[th]}
            </option>
          ))}
        </Field>
        {members.length > 0 && (
          <MemberSelect
            id="prompt-member"
            label={t('backchannel.for')}
            members={members}
            value={who}
            none={t('backchannel.anyone')}
            onChange={setWho}
          />
        )}
      </div>
      <ul class="plain prompts">
        {promptsFor(theme, all).map((p) => (
          <li key={p.id}>
            <Spoken text={fill(p.text, name)} name={name && firstName(name)} />
          </li>
        ))}
      </ul>
      {add && (
        <form
          class="row"
          onSubmit={async (e) => {
            e.preventDefault();
            if (!draft.trim()) return;
            await add(theme, draft);
            setDraft('');
            refresh();
          }}
        >
          <Field
            class="grow"
            id="own-prompt"
            label={t('backchannel.addOwn')}
            hint={t('backchannel.memberStandsFor', { member: '{member}' })}
            maxLength={300}
            value={draft}
            onInput={(e) => setDraft(e.currentTarget.value)}
          />
          <Button type="submit" disabled={!draft.trim()}>
            {t('backchannel.add')}
          </Button>
        </form>
      )}
    </section>
  );
}

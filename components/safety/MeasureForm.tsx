import type { JSX } from 'preact';
import { t } from '../../util/i18n';
import { fixed } from '../../util/format';
import { useState } from 'preact/hooks';
import {
  ALLIANCE_LABEL,
  ALLIANCE_MAX,
  ALLIANCE_MIN,
  GCQ_ITEMS,
  GCQ_MAX,
  GCQ_MIN,
  GCQ_SUBSCALE_LABEL,
  isPlaceholderWording,
  scoreGcq,
  type Alliance,
  type AllianceDimension,
  type GcqAnswers,
  type GcqConfig,
  type GcqSubscale,
} from '../../domain/gcq';
import type { Id, Member } from '../../domain/types';
import { Button } from '../common/Button';
import { Field } from '../common/Field';
import { MemberSelect } from '../common/MemberSelect';
import type { MeasureInput } from './api';
import { shownError } from '../../util/user-error';

interface Props {
  config: GcqConfig;
  /** Whose view the GCQ-S is: a member, or the leaders (null). */
  members: readonly Pick<Member, 'id' | 'name'>[];
  initial?: MeasureInput;
  onSave: (m: MeasureInput) => Promise<unknown>;
  /** Opens Settings, where the item wording is entered. */
  onOpenSettings?: (() => void) | undefined;
}

const range = (lo: number, hi: number) => Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
const DIMENSIONS: AllianceDimension[] = ['goal', 'task', 'bond'];

/** GCQ-S (12 items, 0-6) and the leaders' alliance rating (1-7), with live subscale scores. */
export function MeasureForm({ config, members, initial, onSave, onOpenSettings }: Props): JSX.Element {
  const [memberId, setMemberId] = useState<Id | null>(initial?.memberId ?? null);
  const [gcq, setGcq] = useState<GcqAnswers>(initial?.gcq ?? Array.from({ length: GCQ_ITEMS }, () => null));
  const [alliance, setAlliance] = useState<Alliance>(initial?.alliance ?? { goal: null, task: null, bond: null });
  const [remark, setRemark] = useState(initial?.remark ?? '');
  const [message, setMessage] = useState('');
  const score = scoreGcq(gcq, config.mapping);
  const num = (v: string) => (v === '' ? null : Number(v));
  return (
    <form
      class="editor"
      aria-labelledby="measure-title"
      onSubmit={async (e) => {
        e.preventDefault();
        try {
          await onSave({ id: initial?.id, memberId, gcq, alliance, remark: remark.trim() || undefined });
          setMessage(t('common.saved'));
        } catch (err) {
          setMessage(shownError(err));
        }
      }}
    >
      <h3 id="measure-title">{t('measure.title')}</h3>
      <MemberSelect
        id="measure-rater"
        label={t('measure.whose')}
        members={members}
        value={memberId ?? ''}
        none={t('measure.leaders')}
        onChange={(id) => setMemberId(id || null)}
      />
      <fieldset class="plain-fieldset">
        <legend>{t('measure.gcqLegend', { min: GCQ_MIN, max: GCQ_MAX })}</legend>
        {isPlaceholderWording(config.itemLabels) && (
          <p class="hint" data-gcq-wording>
            {t('measure.wordingHint')}
            {onOpenSettings && (
              <>
                {' '}
                <button type="button" class="link" onClick={onOpenSettings}>
                  {t('measure.enterWording')}
                </button>
              </>
            )}
          </p>
        )}
        {config.itemLabels.slice(0, GCQ_ITEMS).map((label, i) => (
          <div class="row" key={i}>
            <label for={`gcq-${i + 1}`} class="grow">
              {i + 1}. {label}
            </label>
            <select
              id={`gcq-${i + 1}`}
              value={gcq[i] ?? ''}
              onChange={(e) => setGcq(gcq.map((v, j) => (j === i ? num(e.currentTarget.value) : v)))}
            >
              <option value="">{t('measure.notRated')}</option>
              {range(GCQ_MIN, GCQ_MAX).map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </div>
        ))}
        <p role="status" data-gcq-score>
          {score.valid
            ? (Object.keys(GCQ_SUBSCALE_LABEL) as GcqSubscale[])
                .map((k) => `${GCQ_SUBSCALE_LABEL[k]} ${fixed(score.scores[k], 2)}`)
                .join(' · ')
            : score.problem}
        </p>
      </fieldset>
      <fieldset class="plain-fieldset">
        <legend>{t('measure.allianceLegend', { min: ALLIANCE_MIN, max: ALLIANCE_MAX })}</legend>
        {DIMENSIONS.map((d) => (
          <div class="row" key={d}>
            <label for={`alliance-${d}`} class="grow">
              {ALLIANCE_LABEL[d].label}
              <span class="hint"> {ALLIANCE_LABEL[d].help}</span>
            </label>
            <select
              id={`alliance-${d}`}
              value={alliance[d] ?? ''}
              onChange={(e) => setAlliance({ ...alliance, [d]: num(e.currentTarget.value) })}
            >
              <option value="">{t('measure.notRated')}</option>
              {range(ALLIANCE_MIN, ALLIANCE_MAX).map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </div>
        ))}
      </fieldset>
      <Field
        as="textarea"
        id="measure-remark"
        label={t('memberSafety.remarks')}
        rows={2}
        value={remark}
        onInput={(e) => setRemark(e.currentTarget.value)}
      />
      <div class="row">
        <Button type="submit" variant="primary">
          {t('measure.save')}
        </Button>
        <span role="status" class="quiet">
          {message}
        </span>
      </div>
    </form>
  );
}

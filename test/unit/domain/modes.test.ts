import { describe, expect, it } from 'vitest';
import { MODES, allowed, effectiveMode, modesAllowedBy, type BackchannelAction } from '../../../domain/modes';

const ACTIONS: BackchannelAction[] = ['signal', 'compose', 'say-aloud', 'park', 'send-now', 'free-text'];

describe('mode × action', () => {
  it('is the table the product promises', () => {
    const table = Object.fromEntries(MODES.map((m) => [m, ACTIONS.filter((a) => allowed(m, a))]));
    expect(table).toEqual({
      off: [],
      signals: ['signal'],
      'spoken-first': ['signal', 'compose', 'say-aloud', 'park', 'send-now'],
      open: ['signal', 'compose', 'say-aloud', 'park', 'send-now', 'free-text'],
    });
  });

  it('never lets a floor be undercut', () => {
    expect(effectiveMode('open', 'signals')).toBe('signals');
    expect(effectiveMode('spoken-first', 'signals')).toBe('signals');
    expect(effectiveMode('off', 'signals')).toBe('off');
    expect(effectiveMode('open')).toBe('open');
    expect(modesAllowedBy('signals')).toEqual(['off', 'signals']);
    expect(modesAllowedBy()).toEqual(MODES);
  });
});

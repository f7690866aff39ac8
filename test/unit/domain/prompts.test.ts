import { describe, expect, it } from 'vitest';
import { BUILT_IN_PROMPTS, THEME_LABELS, promptsFor, suggestSpoken } from '../../../domain/prompts';

describe('suggestSpoken', () => {
  it('turns a remark about a face into an open question to the co-leader, with the member named', () => {
    const s = suggestSpoken('she looks upset, Avery', ['Avery Stone', 'Blake Lee']);
    expect(s?.prompt.theme).toBe('coleaders');
    expect(s?.memberName).toBe('Avery Stone');
    expect(s?.spoken).toContain('Avery Stone');
    expect(s?.spoken).toMatch(/\?$/);
  });
  it('picks the theme the words point to', () => {
    expect(suggestSpoken("Blake's kid walked in behind him", ['Blake Lee'])?.prompt.theme).toBe('background');
    expect(suggestSpoken('I think I missed what Avery meant', ['Avery Stone'])?.prompt.theme).toBe('repair');
    expect(suggestSpoken('everyone is so restless', [])?.prompt.theme).toBe('body');
  });
  it('uses a prompt without a name when no member is named', () => {
    const s = suggestSpoken('something feels off', ['Avery Stone']);
    expect(s?.memberName).toBeNull();
    expect(s?.spoken).not.toContain('{member}');
  });
  it('offers nothing for an empty thought', () => {
    expect(suggestSpoken('   ', [])).toBeNull();
  });
  it('has prompts for every theme it names', () => {
    for (const theme of Object.keys(THEME_LABELS) as (keyof typeof THEME_LABELS)[])
      expect(promptsFor(theme).length).toBeGreaterThan(0);
    expect(new Set(BUILT_IN_PROMPTS.map((p) => p.id)).size).toBe(BUILT_IN_PROMPTS.length);
  });
});

describe('the library a clinic and a leader extend', () => {
  it('adds the clinic’s and the leader’s own prompts after the built-in ones, by theme', async () => {
    const { libraryOf } = await import('../../../domain/prompts');
    const lib = libraryOf(
      [{ theme: 'body', text: 'Clinic: feet on the floor' }],
      [{ id: 'x', theme: 'no-such-theme', text: 'Mine: {member}, what now?' }],
    );
    expect(promptsFor('body', lib).map((p) => p.text)).toContain('Clinic: feet on the floor');
    expect(promptsFor('coleaders', lib).map((p) => p.text)).toContain('Mine: {member}, what now?');
    expect(suggestSpoken('Avery is restless', ['Avery Stone'], lib)?.prompt.theme).toBe('body');
  });
});

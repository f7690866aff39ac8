import { describe, expect, it } from 'vitest';
import { BUILT_IN_PROMPTS, THEME_LABELS, fill, promptsFor, suggestSpoken } from '../../../domain/prompts';

describe('suggestSpoken', () => {
  it('turns a remark about a face into an open question to the co-leader, with the first name only', () => {
    const s = suggestSpoken('she looks upset, Avery', ['Avery Stone', 'Blake Lee']);
    expect(s?.prompt?.theme).toBe('coleaders');
    expect(s?.memberName).toBe('Avery Stone');
    expect(s?.spoken).toContain('Avery');
    expect(s?.spoken).not.toContain('Stone');
    expect(s?.spoken).toMatch(/\?$/);
  });
  it('picks the theme the words point to', () => {
    expect(suggestSpoken("Blake's kid walked in behind him", ['Blake Lee'])?.prompt?.theme).toBe('background');
    expect(suggestSpoken('I think I missed what Avery meant', ['Avery Stone'])?.prompt?.theme).toBe('repair');
    expect(suggestSpoken('everyone is so restless', [])?.prompt?.theme).toBe('body');
  });
  it('matches the thought: a quiet member is invited in, running over is about time', () => {
    const silent = suggestSpoken('Devon has been silent… can you invite him in?', ['Devon L.', 'Rae Moss']);
    expect(silent?.prompt?.theme).toBe('silence');
    expect(silent?.spoken).toMatch(/^Devon, we haven't heard from you/);
    expect(silent?.spoken).not.toContain('L.');
    const time = suggestSpoken('We are running over, wrap up?', ['Devon L.']);
    expect(time?.prompt?.theme).toBe('time');
    expect(time?.spoken).not.toMatch(/come in here/);
  });
  it('leaves a thought that points to no theme in its own words, sentence case, first names', () => {
    const s = suggestSpoken('maybe ask Devon L. about last week', ['Devon L.']);
    expect(s?.prompt).toBeNull();
    expect(s?.spoken).toBe('Maybe ask Devon about last week');
  });
  it('never fills a prompt with "someone" and always starts with a capital letter', () => {
    const s = suggestSpoken('something feels off in the background', ['Avery Stone']);
    expect(s?.memberName).toBeNull();
    expect(s?.spoken).not.toContain('{member}');
    expect(s?.spoken).not.toMatch(/someone,/i);
    for (const p of BUILT_IN_PROMPTS) expect(fill(p.text, null)).toMatch(/^\p{Lu}/u);
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
    expect(suggestSpoken('Avery is restless', ['Avery Stone'], lib)?.prompt?.theme).toBe('body');
  });
});

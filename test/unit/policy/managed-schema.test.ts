// The clinic policy schema (policy/managed-schema.json) and the example
// policies (policy/examples/*.json) cannot drift apart, or from the settings
// layer that reads them.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SETTING_RULES, resolveSettings, type UserSettings } from '../../../policy/settings';

const POLICY_DIR = join(import.meta.dirname, '../../../policy');

interface Schema {
  type: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  properties?: Record<string, Schema>;
  items?: Schema;
  [attr: string]: unknown;
}

const schema = JSON.parse(readFileSync(join(POLICY_DIR, 'managed-schema.json'), 'utf8')) as Schema;
const examples = readdirSync(join(POLICY_DIR, 'examples'))
  .filter((f) => f.endsWith('.json'))
  .map(
    (f) => [f, JSON.parse(readFileSync(join(POLICY_DIR, 'examples', f), 'utf8')) as Record<string, unknown>] as const,
  );

/** The keys a clinic sets, as agreed with the settings layer (policy/settings.ts). */
const MANAGED_KEYS = [
  'brokerUrl',
  'brokerHostsAllowed',
  'brokerUsername',
  'brokerPassword',
  'coleaderChannelAllowed',
  'backchannelModeFloor',
  'defaultBackchannelMode',
  'allowSendNow',
  'parkForDebrief',
  'autoLockMaxMinutes',
  'minPassphraseLength',
  'kdfMinimum',
  'exportAllowed',
  'perMemberExportAllowed',
  'backupAllowed',
  'retentionDays',
  'allowedPlatforms',
  'extraPlatformHosts',
  'markerCategories',
  'noteTemplates',
  'gcqItemWording',
  'jurisdictions',
  'screenShareGuardRequired',
  'presenceAidDefault',
  'language',
  'clinicName',
  'supportContact',
  'clinicPrompts',
  'recoveryPublicKey',
];

/**
 * The attributes Chromium's policy schema parser accepts for each type
 * (components/policy/core/common/schema.cc). Anything else makes Chrome
 * refuse the schema, and with it the extension.
 */
const CHROME_ATTRIBUTES: Record<Schema['type'], readonly string[]> = {
  array: ['description', 'id', 'items', 'sensitiveValue', 'title', 'type'],
  boolean: ['description', 'id', 'sensitiveValue', 'title', 'type'],
  integer: ['description', 'enum', 'id', 'maximum', 'minimum', 'sensitiveValue', 'title', 'type'],
  number: ['description', 'id', 'sensitiveValue', 'title', 'type'],
  object: [
    'additionalProperties',
    'description',
    'id',
    'patternProperties',
    'properties',
    'required',
    'sensitiveValue',
    'title',
    'type',
  ],
  string: ['description', 'enum', 'id', 'pattern', 'sensitiveValue', 'title', 'type'],
};

function unsupportedAttributes(s: Schema, path = '(top)'): string[] {
  const allowed = CHROME_ATTRIBUTES[s.type];
  if (!allowed) return [`${path}: type ${String(s.type)}`];
  const here = Object.keys(s)
    .filter((a) => !allowed.includes(a))
    .map((a) => `${path}: ${a}`);
  const below = [
    ...Object.entries(s.properties ?? {}).flatMap(([k, sub]) => unsupportedAttributes(sub, `${path}.${k}`)),
    ...(s.items ? unsupportedAttributes(s.items, `${path}[]`) : []),
  ];
  return [...here, ...below];
}

/**
 * What Chrome checks before a value reaches storage.managed: the declared
 * types, recursively. Unknown keys are reported too: Chrome drops them
 * without a word, so an example must not rely on one.
 */
function typeErrors(value: unknown, s: Schema, path: string): string[] {
  const ok =
    s.type === 'integer'
      ? Number.isInteger(value)
      : s.type === 'number'
        ? typeof value === 'number'
        : s.type === 'array'
          ? Array.isArray(value)
          : s.type === 'object'
            ? typeof value === 'object' && value !== null && !Array.isArray(value)
            : typeof value === s.type;
  if (!ok) return [`${path}: not ${s.type}`];
  if (s.type === 'array') return (value as unknown[]).flatMap((v, i) => typeErrors(v, s.items!, `${path}[${i}]`));
  if (s.type === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
      s.properties?.[k] ? typeErrors(v, s.properties[k], `${path}.${k}`) : [`${path}.${k}: not in the schema`],
    );
  }
  return [];
}

const TYPE_OF_FALLBACK = (v: unknown): Schema['type'] =>
  Array.isArray(v) ? 'array' : typeof v === 'number' ? 'integer' : (typeof v as Schema['type']);

describe('managed schema', () => {
  it('is a top-level object without additionalProperties, as Chrome requires', () => {
    expect(schema.type).toBe('object');
    expect(schema).not.toHaveProperty('additionalProperties');
  });

  it('uses only attributes Chrome’s schema parser knows', () => {
    expect(unsupportedAttributes(schema)).toEqual([]);
  });

  it('declares exactly the keys a clinic sets, each one the settings layer reads, with the type of its default', () => {
    expect(Object.keys(schema.properties!).sort()).toEqual([...MANAGED_KEYS].sort());
    for (const key of MANAGED_KEYS) {
      expect(SETTING_RULES, key).toHaveProperty(key);
      const fallback = SETTING_RULES[key as keyof typeof SETTING_RULES].fallback;
      expect(schema.properties![key]!.type, key).toBe(TYPE_OF_FALLBACK(fallback));
    }
  });

  it('the type check used below catches wrong types and unknown keys', () => {
    expect(
      typeErrors(
        { exportAllowed: 'no', retentionDays: 1.5, kdfMinimum: { memKiB: '64' }, allowedPlatforms: [3], typo: 1 },
        schema,
        'policy',
      ),
    ).toEqual([
      'policy.exportAllowed: not boolean',
      'policy.retentionDays: not integer',
      'policy.kdfMinimum.memKiB: not integer',
      'policy.allowedPlatforms[0]: not string',
      'policy.typo: not in the schema',
    ]);
  });
});

describe('example policies', () => {
  it('there are the three documented ones', () => {
    expect(examples.map(([f]) => f).sort()).toEqual([
      'group-practice.json',
      'solo-practice.json',
      'strict-clinic.json',
    ]);
  });

  it.each(examples)('%s matches the schema’s keys and types', (_f, policy) => {
    expect(typeErrors(policy, schema, 'policy')).toEqual([]);
  });

  it.each(examples)('%s is used in full: nothing ignored, every key locked', (_f, policy) => {
    const r = resolveSettings({}, policy as UserSettings);
    expect(r.ignored).toEqual([]);
    for (const key of Object.keys(policy)) expect(r.locked.has(key as keyof typeof SETTING_RULES), key).toBe(true);
  });
});

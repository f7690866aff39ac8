// The example policies written out in each platform's own format. The files under
// policy/examples/<name>/ are these renderings (deployment-doc.test.ts holds the
// two together; write-examples.ts writes them).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const CHROME_ID = 'pjkdbfajfdaaffhfldjodmidmhoelggk';
export const GECKO_ID = 'squircle@squircle.example';
export const EXAMPLE_NAMES = ['solo-practice', 'group-practice', 'strict-clinic'] as const;
export type ExampleName = (typeof EXAMPLE_NAMES)[number];
type Values = Record<string, unknown>;

export function loadExample(name: ExampleName): Values {
  return JSON.parse(
    readFileSync(join(import.meta.dirname, '../../../policy/examples', `${name}.json`), 'utf8'),
  ) as Values;
}

/** Linux: one file in /etc/opt/chrome/policies/managed/ (Chromium, Edge: their own directories). */
export function linuxPolicyFile(values: Values): string {
  return JSON.stringify({ '3rdparty': { extensions: { [CHROME_ID]: values } } }, null, 2);
}

const regString = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
const dword = (n: number) => `dword:${n.toString(16).padStart(8, '0')}`;

/**
 * Windows: a .reg file. Booleans and whole numbers are DWORDs; lists and
 * objects are JSON text in a string value, which Chrome and Edge parse
 * against the extension's schema.
 */
export function windowsReg(values: Values): string {
  const lines = Object.entries(values).map(([k, v]) => {
    const data =
      typeof v === 'boolean'
        ? dword(v ? 1 : 0)
        : typeof v === 'number'
          ? dword(v)
          : typeof v === 'string'
            ? regString(v)
            : regString(JSON.stringify(v));
    return `${regString(k)}=${data}`;
  });
  return [
    'Windows Registry Editor Version 5.00',
    '',
    `[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Google\\Chrome\\3rdparty\\extensions\\${CHROME_ID}\\policy]`,
    ...lines,
  ].join('\r\n');
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function plistValue(v: unknown, indent: string): string[] {
  if (typeof v === 'boolean') return [`${indent}<${v}/>`];
  if (typeof v === 'number') return [`${indent}<integer>${v}</integer>`];
  if (typeof v === 'string') return [`${indent}<string>${xml(v)}</string>`];
  if (Array.isArray(v))
    return v.length
      ? [`${indent}<array>`, ...v.flatMap((x) => plistValue(x, `${indent}  `)), `${indent}</array>`]
      : [`${indent}<array/>`];
  return [`${indent}<dict>`, ...plistEntries(v as Values, `${indent}  `), `${indent}</dict>`];
}

function plistEntries(values: Values, indent: string): string[] {
  return Object.entries(values).flatMap(([k, v]) => [`${indent}<key>${xml(k)}</key>`, ...plistValue(v, indent)]);
}

/** A stable UUID per example and payload, so the documented files do not change on every run. */
function uuidFor(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`.toUpperCase();
}

/**
 * macOS: a configuration profile whose payload is the preference domain
 * Chrome reads an extension's policy from, com.google.Chrome.extensions.<id>.
 */
export function macProfile(name: ExampleName, values: Values): string {
  const domain = `com.google.Chrome.extensions.${CHROME_ID}`;
  const payload: Values = {
    PayloadType: domain,
    PayloadVersion: 1,
    PayloadIdentifier: `example.clinic.squircle.${name}.chrome`,
    PayloadUUID: uuidFor(`${name}/chrome`),
    PayloadDisplayName: 'Squircle clinic policy (Chrome)',
    ...values,
  };
  const profile: Values = {
    PayloadContent: [payload],
    PayloadDisplayName: `Squircle: ${String(values.clinicName)}`,
    PayloadIdentifier: `example.clinic.squircle.${name}`,
    PayloadScope: 'System',
    PayloadType: 'Configuration',
    PayloadUUID: uuidFor(`${name}/profile`),
    PayloadVersion: 1,
  };
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    '<plist version="1.0">',
    ...plistValue(profile, ''),
    '</plist>',
  ].join('\n');
}

/** Firefox: policies.json installs the add-on and hands it the clinic's values (3rdparty). */
export function firefoxPolicies(values: Values): string {
  return JSON.stringify(
    {
      policies: {
        ExtensionSettings: {
          [GECKO_ID]: {
            installation_mode: 'force_installed',
            install_url: 'https://downloads.clinic.example/squircle/squircle.xpi',
          },
        },
        '3rdparty': { Extensions: { [GECKO_ID]: values } },
      },
    },
    null,
    2,
  );
}

/** Firefox: the managed storage manifest, the alternative to policies.json for the values. */
export function firefoxManagedStorage(values: Values): string {
  return JSON.stringify(
    { name: GECKO_ID, description: 'Squircle clinic policy', type: 'storage', data: values },
    null,
    2,
  );
}

/** Where each rendering lives: policy/examples/<name>/<file>, named as it is installed. */
export const FORMATS = {
  'linux-json': { file: 'squircle.json', render: (_n: ExampleName, v: Values) => linuxPolicyFile(v) },
  'windows-reg': { file: 'squircle-chrome.reg', render: (_n: ExampleName, v: Values) => windowsReg(v) },
  'macos-mobileconfig': {
    file: 'squircle-chrome.mobileconfig',
    render: (n: ExampleName, v: Values) => macProfile(n, v),
  },
  'firefox-policies-json': { file: 'policies.json', render: (_n: ExampleName, v: Values) => firefoxPolicies(v) },
  'firefox-managed-storage': {
    file: `${GECKO_ID}.json`,
    render: (_n: ExampleName, v: Values) => firefoxManagedStorage(v),
  },
} as const;
export type FormatName = keyof typeof FORMATS;

export const EXAMPLES_DIR = join(import.meta.dirname, '../../../policy/examples');

/** The path of one example written out in one format. */
export function examplePath(name: ExampleName, format: FormatName): string {
  return join(EXAMPLES_DIR, name, FORMATS[format].file);
}

/** One example rendered in one format, as the generator makes it (.reg with CRLF line ends, as regedit expects). */
export function rendered(name: ExampleName, format: FormatName): string {
  return FORMATS[format].render(name, loadExample(name));
}

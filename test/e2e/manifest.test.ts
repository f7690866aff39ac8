// Issue 8: the built manifests ask for exactly what the allowlist in the
// repository says: no new permission, host, web-accessible resource or
// looser CSP lands without changing that file on purpose.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { CHROME_BUILD, FIREFOX_BUILD, requireBuild } from '../support/paths';

const allow = JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/manifest-allowlist.json'), 'utf8'));

describe.each([
  ['chrome-mv3', CHROME_BUILD],
  ['firefox-mv3', FIREFOX_BUILD],
] as const)('%s manifest', (name, dir) => {
  const m = JSON.parse(readFileSync(join(requireBuild(dir), 'manifest.json'), 'utf8'));

  test('permissions and hosts are exactly the allowlist', () => {
    expect([...m.permissions].sort()).toEqual([...allow.permissions[name]].sort());
    expect([...m.host_permissions].sort()).toEqual([...allow.host_permissions].sort());
    expect(m.optional_host_permissions ?? []).toEqual(allow.optional_host_permissions);
    expect(m.optional_permissions ?? []).toEqual([]);
  });

  test('content scripts run only on the allowed hosts', () => {
    for (const cs of m.content_scripts) for (const match of cs.matches) expect(allow.host_permissions).toContain(match);
  });

  test('the CSP is the allowlisted one, and nothing is exposed to web pages or other extensions', () => {
    expect(m.content_security_policy).toEqual(allow.content_security_policy);
    expect(m.web_accessible_resources ?? []).toEqual(allow.web_accessible_resources);
    expect(m.externally_connectable ?? null).toEqual(allow.externally_connectable);
  });
});

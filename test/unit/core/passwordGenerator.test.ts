import * as assert from 'node:assert/strict';
import { checkEntraPasswordPolicy } from '../../../src/demo/passwordPolicy';
import { generatePassword, PASSWORD_CLASSES } from '../../../src/password/generator';

const LOOK_ALIKES = /[lI1O0oSZ2B58|`'" ]/;

describe('password generator', () => {
  it('makes passwords of the asked length that meet the Entra policy', () => {
    for (const length of [12, 16, 64, 256]) {
      for (let i = 0; i < 200; i++) {
        const p = generatePassword(length);
        assert.equal(p.length, length);
        assert.equal(checkEntraPasswordPolicy(p), undefined, `policy rejected ${length}-char password`);
      }
    }
  });

  it('uses every class, only allowed symbols, and no look-alike characters', () => {
    for (let i = 0; i < 2000; i++) {
      const p = generatePassword(16);
      for (const [name, chars] of Object.entries(PASSWORD_CLASSES)) {
        assert.ok(
          [...p].some((c) => chars.includes(c)),
          `no ${name} character in a password`,
        );
      }
      assert.doesNotMatch(p, LOOK_ALIKES);
    }
  });

  it('does not repeat itself', () => {
    const seen = new Set(Array.from({ length: 5000 }, () => generatePassword(16)));
    assert.equal(seen.size, 5000);
  });

  it('refuses lengths outside 12..256 with a plain message', () => {
    assert.throws(() => generatePassword(8), /from 12 to 256/);
    assert.throws(() => generatePassword(257), /from 12 to 256/);
    assert.throws(() => generatePassword(15.5), /whole number/);
  });

  it('uses node:crypto only (no Math.random)', async () => {
    const { readFile } = await import('node:fs/promises');
    const source = await readFile(require.resolve('../../../src/password/generator').replace(/\.js$/, '.js'), 'utf8');
    assert.doesNotMatch(source, /Math\.random/);
    assert.match(source, /node:crypto/);
  });

  it("holds no run of 3 characters of the user's own names, in any case (389 DS and Active Directory refuse those)", () => {
    // The names of a test user of the 389 DS fixture: uid, cn, sn, givenName, mail.
    const names = ['user06', 'User 06', 'Number06', 'User', 'user06@example.test'];
    const runs = new Set<string>();
    for (const n of names) for (let i = 0; i + 3 <= n.length; i++) runs.add(n.slice(i, i + 3).toLowerCase());
    // Without the option about 1 in 200 such passwords holds a run, so 20,000 draws would show it.
    for (let i = 0; i < 20_000; i++) {
      const p = generatePassword(16, { avoid: names }).toLowerCase();
      for (const r of runs) assert.ok(!p.includes(r), `${JSON.stringify(r)} in a password`);
    }
  });
});

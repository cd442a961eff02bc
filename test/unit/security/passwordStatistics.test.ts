// The password generator under statistics: 100,000 passwords all meet the policy, and their characters are as
// random as the design says, by Pearson's chi-square test with the right degrees of freedom.
//
// The design (src/password/generator.ts), for length L with C classes of sizes k_1..k_C (A = sum of sizes):
// one character uniform from each class, L - C uniform from all A characters, then a uniform shuffle. Hence
//  - within a class, every character is equally likely, whatever the class total: df = k - 1 per class;
//  - the L - C free characters fall into classes in proportion to class size; their class totals are the class
//    totals minus one per password (the guaranteed character): df = C - 1;
//  - "overall" = the within-class statistics plus the between-class one: df = (A - C) + (C - 1) = A - 1;
//  - the character at any one position is i.i.d. across passwords with P(c) = (1/k + (L - C)/A) / L: df = A - 1.
// Significance: the whole family of tests at alpha = 1e-4 (Bonferroni: each at 1e-4 / number of tests), with a
// fixed sample, so a correct generator fails a run about once in 10,000 runs; the same tests reject two
// realistic bugs (modulo bias, an off-by-one shuffle) at a fifth of the sample (see "power").
import * as assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { checkEntraPasswordPolicy } from '../../../src/demo/passwordPolicy';
import { generatePassword, PASSWORD_CLASSES } from '../../../src/password/generator';

const N = 100_000;
const LENGTH = 16;
const FAMILY_ALPHA = 1e-4;
const TESTS_IN_FAMILY = 8; // 4 per-class + between-class + overall + 2 positions
const ALPHA = FAMILY_ALPHA / TESTS_IN_FAMILY;

const CLASSES = Object.entries(PASSWORD_CLASSES).map(([name, chars]) => ({ name, chars: [...chars] }));
const ALL = CLASSES.flatMap((c) => c.chars);
const LOOK_ALIKES = /[lI1O0oSZ2B58|`'" ]/;

// ---- chi-square distribution: p = Q(df/2, x/2), the regularized upper incomplete gamma function ----------------

function lnGamma(z: number): number {
  // Lanczos approximation (g = 7, n = 9); accurate to ~1e-15 for z > 0.
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (z < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * z)) - lnGamma(1 - z);
  z -= 1;
  let x = c[0];
  for (let i = 1; i < 9; i++) x += c[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(x);
}

/** Q(a, x) = Γ(a, x) / Γ(a): series for x < a + 1, continued fraction otherwise (Numerical Recipes 6.2). */
function gammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  const lnPrefix = -x + a * Math.log(x) - lnGamma(a);
  if (x < a + 1) {
    let sum = 1 / a;
    let term = sum;
    for (let n = 1; n < 10_000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-15) break;
    }
    return 1 - sum * Math.exp(lnPrefix);
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return Math.exp(lnPrefix) * h;
}

function chiSquarePValue(statistic: number, df: number): number {
  return gammaQ(df / 2, statistic / 2);
}

/** Pearson's statistic of observed counts against expected counts. */
function pearson(observed: readonly number[], expected: readonly number[]): number {
  return observed.reduce((sum, o, i) => sum + (o - expected[i]) ** 2 / expected[i], 0);
}

// ---- the statistics of a sample of passwords -------------------------------------------------------------------

interface Test {
  readonly name: string;
  readonly statistic: number;
  readonly df: number;
  readonly p: number;
}

function test(name: string, statistic: number, df: number): Test {
  return { name, statistic, df, p: chiSquarePValue(statistic, df) };
}

function analyse(passwords: readonly string[]): Test[] {
  const n = passwords.length;
  const count = new Map<string, number>(ALL.map((c) => [c, 0]));
  const first = new Map<string, number>(ALL.map((c) => [c, 0]));
  const last = new Map<string, number>(ALL.map((c) => [c, 0]));
  for (const p of passwords) {
    for (const ch of p) count.set(ch, (count.get(ch) ?? 0) + 1);
    first.set(p[0], (first.get(p[0]) ?? 0) + 1);
    last.set(p[LENGTH - 1], (last.get(p[LENGTH - 1]) ?? 0) + 1);
  }
  const tests: Test[] = [];
  let withinTotal = 0;
  for (const { name, chars } of CLASSES) {
    const observed = chars.map((c) => count.get(c)!);
    const total = observed.reduce((a, b) => a + b, 0);
    const x = pearson(
      observed,
      chars.map(() => total / chars.length),
    );
    withinTotal += x;
    tests.push(test(`within ${name} (${chars.length} characters)`, x, chars.length - 1));
  }
  const free = (LENGTH - CLASSES.length) * n;
  const classTotals = CLASSES.map(({ chars }) => chars.reduce((s, c) => s + count.get(c)!, 0) - n);
  const between = pearson(
    classTotals,
    CLASSES.map(({ chars }) => (free * chars.length) / ALL.length),
  );
  tests.push(test('between classes (freely drawn characters)', between, CLASSES.length - 1));
  tests.push(test('overall (all characters)', withinTotal + between, ALL.length - 1));
  const perPosition = ALL.map((c) => {
    const k = CLASSES.find((cl) => cl.chars.includes(c))!.chars.length;
    return (n * (1 / k + (LENGTH - CLASSES.length) / ALL.length)) / LENGTH;
  });
  tests.push(
    test(
      'first position',
      pearson(
        ALL.map((c) => first.get(c)!),
        perPosition,
      ),
      ALL.length - 1,
    ),
  );
  tests.push(
    test(
      'last position',
      pearson(
        ALL.map((c) => last.get(c)!),
        perPosition,
      ),
      ALL.length - 1,
    ),
  );
  assert.equal(tests.length, TESTS_IN_FAMILY);
  return tests;
}

function describeTests(tests: readonly Test[]): string {
  return tests.map((t) => `${t.name}: X²=${t.statistic.toFixed(1)}, df=${t.df}, p=${t.p.toExponential(2)}`).join('\n');
}

describe('Security: password generator statistics', function () {
  this.timeout(30_000);
  let passwords: string[];

  before(() => {
    passwords = Array.from({ length: N }, () => generatePassword(LENGTH));
  });

  it('the chi-square p-values it uses are right (known quantiles)', () => {
    // Reference values: the 0.95 and 0.999 quantiles of chi-square.
    assert.ok(Math.abs(chiSquarePValue(3.841459, 1) - 0.05) < 1e-6);
    assert.ok(Math.abs(chiSquarePValue(7.814728, 3) - 0.05) < 1e-6);
    assert.ok(Math.abs(chiSquarePValue(18.46683, 4) - 0.001) < 1e-6);
    assert.ok(Math.abs(chiSquarePValue(81.38102, 62) - 0.05) < 1e-5);
    assert.ok(Math.abs(chiSquarePValue(32.90949, 12) - 0.001) < 1e-6);
  });

  it(`all ${N.toLocaleString('en')} generated passwords meet the Entra policy and the generator's own rules`, () => {
    const problems = new Map<string, number>();
    for (const p of passwords) {
      const why = checkEntraPasswordPolicy(p);
      if (why) problems.set(why, (problems.get(why) ?? 0) + 1);
      if (p.length !== LENGTH) problems.set('length', (problems.get('length') ?? 0) + 1);
      if (LOOK_ALIKES.test(p)) problems.set('look-alike character', (problems.get('look-alike character') ?? 0) + 1);
      for (const { name, chars } of CLASSES) {
        if (![...p].some((c) => chars.includes(c))) problems.set(`no ${name}`, (problems.get(`no ${name}`) ?? 0) + 1);
      }
    }
    assert.deepEqual([...problems], [], 'every password passes');
    assert.equal(new Set(passwords).size, N, 'no password repeats');
  });

  it(`character frequencies pass chi-square per class, between classes, overall and per position (family alpha ${FAMILY_ALPHA})`, () => {
    const tests = analyse(passwords);
    const failed = tests.filter((t) => t.p < ALPHA);
    assert.deepEqual(failed, [], `\n${describeTests(tests)}`);
    if (process.env.SHOW_STATS) console.log(describeTests(tests));
  });

  it('power: the same tests reject a modulo-biased generator and an off-by-one shuffle', () => {
    const sample = N / 5;
    // Modulo bias: a byte modulo the alphabet size favours the first characters.
    const moduloBiased = () => {
      const pick = (chars: string[]) => chars[randomBytes(1)[0] % chars.length];
      const chars = CLASSES.map((c) => pick(c.chars));
      while (chars.length < LENGTH) chars.push(pick(ALL));
      for (let i = chars.length - 1; i > 0; i--) {
        const j = randomInt(i + 1);
        [chars[i], chars[j]] = [chars[j], chars[i]];
      }
      return chars.join('');
    };
    // Sattolo's algorithm by mistake (j < i): the guaranteed upper-case letter never stays in place.
    const offByOne = () => {
      const chars = CLASSES.map((c) => c.chars[randomInt(c.chars.length)]);
      while (chars.length < LENGTH) chars.push(ALL[randomInt(ALL.length)]);
      for (let i = chars.length - 1; i > 0; i--) {
        const j = randomInt(i);
        [chars[i], chars[j]] = [chars[j], chars[i]];
      }
      return chars.join('');
    };
    for (const [label, make] of [
      ['modulo bias', moduloBiased],
      ['off-by-one shuffle', offByOne],
    ] as const) {
      const tests = analyse(Array.from({ length: sample }, make));
      assert.ok(
        tests.some((t) => t.p < ALPHA),
        `${label} was not detected:\n${describeTests(tests)}`,
      );
      if (process.env.SHOW_STATS) console.log(`${label}:\n${describeTests(tests)}`);
    }
  });

  it('a directory that restricts symbols: each listed symbol once, equally likely; none at all still meets 3 of 4 classes', () => {
    const sample = Array.from({ length: 10_000 }, () => generatePassword(LENGTH, { symbols: '##!!' }));
    const hashes = sample.reduce((s, p) => s + [...p].filter((c) => c === '#').length, 0);
    const bangs = sample.reduce((s, p) => s + [...p].filter((c) => c === '!').length, 0);
    const x = pearson([hashes, bangs], [(hashes + bangs) / 2, (hashes + bangs) / 2]);
    assert.ok(chiSquarePValue(x, 1) > ALPHA, `"#" ${hashes} times, "!" ${bangs} times`);
    for (let i = 0; i < 1000; i++) {
      const p = generatePassword(LENGTH, { symbols: '' });
      assert.equal(checkEntraPasswordPolicy(p), undefined);
      assert.doesNotMatch(p, /[^A-Za-z0-9]/);
    }
    const astral = generatePassword(LENGTH, { symbols: '\u{1F511}' });
    assert.doesNotMatch(astral, /[\ud800-\udbff](?![\udc00-\udfff])/, 'a symbol outside the BMP is never split');
  });

  it('uses node:crypto only for randomness', () => {
    const source = readFileSync(path.join(__dirname, '../../../../src/password/generator.ts'), 'utf8');
    const imports = [...source.matchAll(/^import .* from '([^']+)';$/gm)].map((m) => m[1]);
    // node:crypto is the only source of randomness; @vscode/l10n only words the error for a length out of range.
    assert.deepEqual(imports.sort(), ['@vscode/l10n', 'node:crypto']);
    assert.doesNotMatch(source, /Math\.random|getRandomValues|performance\.now|Date\.now/);
    assert.match(source, /randomInt\(/);
  });
});

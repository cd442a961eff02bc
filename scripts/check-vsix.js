// Checks a .vsix: lists its files, fails if anything but dist/, media/, README, CHANGELOG, LICENSE, package.json and
// the translations (package.nls*.json, l10n/bundle.l10n*.json)
// (plus vsce's own manifest files) got in, and prints the sizes. A .vsix is a zip: we read its central directory.
const fs = require('node:fs');

const file = process.argv[2] || 'directory-password-reset.vsix';
const zip = fs.readFileSync(file);
const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
if (eocd < 0) throw new Error(`${file} is not a zip file`);
const count = zip.readUInt16LE(eocd + 10);
let at = zip.readUInt32LE(eocd + 16);
const entries = [];
for (let i = 0; i < count; i++) {
  const size = zip.readUInt32LE(at + 24);
  const nameLength = zip.readUInt16LE(at + 28);
  const extra = zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  entries.push({ name: zip.toString('utf8', at + 46, at + 46 + nameLength), size });
  at += 46 + nameLength + extra;
}
const allowed = [
  /^extension\.vsixmanifest$/,
  /^\[Content_Types\]\.xml$/,
  /^extension\/package\.json$/,
  /^extension\/package\.nls(\.[a-z-]+)?\.json$/i,
  /^extension\/l10n\/bundle\.l10n(\.[a-z-]+)?\.json$/i,
  /^extension\/(readme\.md|README\.md)$/,
  /^extension\/(changelog\.md|CHANGELOG\.md)$/,
  /^extension\/(LICENSE|LICENSE\.txt|license\.txt)$/,
  /^extension\/dist\/(extension|ldap|demo|undici)\.js$/,
  /^extension\/media\//,
];
// The bundles esbuild.js makes: the one loaded at activation and those it requires on first use.
const bundles = ['extension', 'ldap', 'demo', 'undici'];
let bad = 0;
for (const b of bundles) {
  if (!entries.some((e) => e.name === `extension/dist/${b}.js`)) {
    console.error(`✘ extension/dist/${b}.js is missing`);
    bad++;
  }
}
for (const e of entries) {
  const ok = allowed.some((re) => re.test(e.name));
  if (!ok) bad++;
  console.log(`${ok ? '  ' : '✘ '}${String(e.size).padStart(9)}  ${e.name}`);
}
console.log(
  `${entries.length} files, ${(zip.length / 1024).toFixed(1)} KiB packed, ${(entries.reduce((s, e) => s + e.size, 0) / 1024).toFixed(1)} KiB unpacked`,
);
if (bad) {
  console.error(`${bad} file(s) missing from the .vsix or not belonging in it; fix .vscodeignore`);
  process.exit(1);
}

// Just enough of RFC 4514 (string DNs) to compare two DNs the way a directory would: attribute types and values
// case-insensitively, escapes decoded, spaces around separators ignored. Used to refuse a reset outside the base
// DN and of the service account itself.

/** The RDNs of a DN, each as [type, value] pairs in lower case with escapes decoded. */
export function parseDn(dn: string): Array<Array<[string, string]>> {
  const rdns: Array<Array<[string, string]>> = [];
  let rdn: Array<[string, string]> = [];
  let type = '';
  let value = '';
  let inValue = false;
  let bytes: number[] = [];
  let trailingSpaces = 0;
  const flushBytes = () => {
    if (bytes.length) value += Buffer.from(bytes).toString('utf8');
    bytes = [];
  };
  const endAva = () => {
    flushBytes();
    if (trailingSpaces) value = value.slice(0, value.length - trailingSpaces);
    rdn.push([type.trim().toLowerCase(), value.toLowerCase()]);
    type = '';
    value = '';
    inValue = false;
    trailingSpaces = 0;
  };
  for (let i = 0; i < dn.length; i++) {
    const ch = dn[i];
    if (!inValue) {
      if (ch === '=') {
        inValue = true;
        while (dn[i + 1] === ' ') i++;
      } else if (ch === ',' || ch === ';' || ch === '+') {
        return []; // a type without a value: not a DN
      } else {
        type += ch;
      }
      continue;
    }
    if (ch === '\\' && i + 1 < dn.length) {
      const hex = dn.slice(i + 1, i + 3);
      if (/^[0-9a-fA-F]{2}$/.test(hex)) {
        bytes.push(parseInt(hex, 16));
        i += 2;
      } else {
        flushBytes();
        value += dn[i + 1];
        i += 1;
      }
      trailingSpaces = 0;
      continue;
    }
    if (ch === ',' || ch === ';' || ch === '+') {
      endAva();
      if (ch !== '+') {
        rdns.push(rdn.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
        rdn = [];
      }
      while (dn[i + 1] === ' ') i++;
      continue;
    }
    flushBytes();
    value += ch;
    trailingSpaces = ch === ' ' ? trailingSpaces + 1 : 0;
  }
  if (inValue) {
    endAva();
    rdns.push(rdn.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
  } else if (type.trim()) {
    return [];
  }
  return rdns;
}

function key(rdns: Array<Array<[string, string]>>): string[] {
  return rdns.map((rdn) => JSON.stringify(rdn));
}

export function sameDn(a: string, b: string): boolean {
  const ka = key(parseDn(a));
  const kb = key(parseDn(b));
  return ka.length > 0 && ka.length === kb.length && ka.every((r, i) => r === kb[i]);
}

/** True when `dn` is `base` or below it. */
export function isUnderDn(dn: string, base: string): boolean {
  const kd = key(parseDn(dn));
  const kb = key(parseDn(base));
  if (kb.length === 0 || kd.length < kb.length) return false;
  const offset = kd.length - kb.length;
  return kb.every((r, i) => r === kd[offset + i]);
}

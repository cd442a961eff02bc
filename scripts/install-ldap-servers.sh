#!/usr/bin/env bash
# Installs the directory servers the LDAP provider's tests run against (test/fixtures/ldap/):
#   OpenLDAP: slapd + ldap-utils (no recommends; about 5 s, +6.5 MB)
#   Samba AD DC: samba winbind krb5-user WITH recommends (samba-dsdb-modules and samba-ad-provision are only
#   Recommends of samba, and the DC needs them; about 15 s, +101 MB). Skip it with LDAP_SKIP_SAMBA=1.
#   389 Directory Server: 389-ds-base + python3-lib389 (no recommends; lib389 creates the test instances, its
#   dscreate needs systemd, which the tests never use). Skip it with LDAP_SKIP_389DS=1.
# No service is started and the tests configure nothing under /etc: they run their own servers from temp folders
# on 127.0.0.1 (the packages leave only their defaults; slapd is told to create no database). A policy-rc.d that refuses service starts is put in place for the install (and the
# previous one, if any, restored). What is installed already is skipped, so a second run costs nothing.
set -euo pipefail

SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
# apt's own output goes to this log; a failure prints its last lines and what to do.
LOG="${TMPDIR:-/tmp}/install-ldap-servers.$$.log"
failed() {
  echo "install-ldap-servers: the install failed. The last lines of $LOG:" >&2
  tail -n 25 "$LOG" 2>/dev/null | sed 's/^/  | /' >&2
  echo "What to do: run as root (or a user with sudo) with the Debian mirror reachable, then run it again." >&2
}
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q '^install ok installed$'; }

plain=(); for p in slapd ldap-utils openssl; do installed "$p" || plain+=("$p"); done
samba=()
if [ "${LDAP_SKIP_SAMBA:-0}" != 1 ]; then
  for p in samba winbind krb5-user samba-dsdb-modules samba-ad-provision; do installed "$p" || samba+=("$p"); done
fi

ds389=()
if [ "${LDAP_SKIP_389DS:-0}" != 1 ]; then
  for p in 389-ds-base python3-lib389 libnss3-tools; do installed "$p" || ds389+=("$p"); done
fi

if [ ${#plain[@]} -eq 0 ] && [ ${#samba[@]} -eq 0 ] && [ ${#ds389[@]} -eq 0 ]; then
  echo "install-ldap-servers: already installed"
  exit 0
fi

# No service may start during the install (Debian's maintainer scripts ask invoke-rc.d, which asks this).
POLICY=/usr/sbin/policy-rc.d
saved=""
if [ -e "$POLICY" ]; then saved="$(mktemp)"; $SUDO cp -p "$POLICY" "$saved"; fi
restore() {
  if [ -n "$saved" ]; then $SUDO cp -p "$saved" "$POLICY"; rm -f "$saved"; else $SUDO rm -f "$POLICY"; fi
}
trap restore EXIT
trap failed ERR
printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$POLICY" >/dev/null
$SUDO chmod 755 "$POLICY"

# Answers for the install's questions: krb5-config's default realm (only used if krb5.conf is new), and slapd's
# "omit configuration" (no default database under /var/lib/ldap).
printf '%s\n' 'krb5-config krb5-config/default_realm string EXAMPLE.TEST' \
  'krb5-config krb5-config/add_servers_realm string EXAMPLE.TEST' \
  'krb5-config krb5-config/read_conf boolean true' \
  'slapd slapd/no_configuration boolean true' | $SUDO env DEBIAN_FRONTEND=noninteractive debconf-set-selections

echo "install-ldap-servers: apt-get update"
$SUDO apt-get update -qq >>"$LOG" 2>&1
if [ ${#plain[@]} -gt 0 ]; then
  echo "install-ldap-servers: apt-get install ${plain[*]}"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${plain[@]}" >>"$LOG" 2>&1
fi
if [ ${#samba[@]} -gt 0 ]; then
  echo "install-ldap-servers: apt-get install ${samba[*]} (with recommends)"
  # samba-dsdb-modules and samba-ad-provision are only Recommends of samba, and the DC needs them: named
  # explicitly, so an apt configured without recommends still gets them.
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --install-recommends \
    samba winbind krb5-user samba-dsdb-modules samba-ad-provision >>"$LOG" 2>&1
fi
if [ ${#ds389[@]} -gt 0 ]; then
  echo "install-ldap-servers: apt-get install ${ds389[*]}"
  # Its maintainer scripts ask systemd for nothing that the policy-rc.d above does not already refuse; no
  # instance is created (the tests make their own from temp folders).
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${ds389[@]}" >/dev/null
fi
for bin in /usr/sbin/slapd /usr/sbin/slapadd; do [ -x "$bin" ] || { echo "install-ldap-servers: $bin missing after install" >&2; exit 1; }; done
rm -f "$LOG"
echo "install-ldap-servers: done"

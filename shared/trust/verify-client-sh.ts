import { bundlePaths } from './cert-layout';
import { shQuote } from './install-scripts';
import { verifyClientFixes, verifyClientPaths, type VerifyClientPlan } from './verify-client';

/** A bash double-quoted string with the fix's placeholders as the function's arguments. */
function fixCase(code: string, text: string): string {
  const escaped = text.replace(/[\\"$`]/g, (c) => `\\${c}`).replace(/%HOST%/g, '$2').replace(/%DIR%/g, '$3').replace(/%CRT%/g, '$4');
  return `    ${code}) printf '%s' "${escaped}" ;;`;
}

function header(plan: VerifyClientPlan): string {
  return `#!/usr/bin/env bash
# verify-client: checks from THIS Docker host what Docker will do for DTR at the host below and for
# the storage host it redirects blob downloads to: DNS, TCP, and TLS with the trust Docker uses for
# the redirect (system roots + certs.d/<dtr-host>/*.crt; a CA in certs.d/<storage-host>/ is ignored),
# and the client probe's presigned download when the bundle was exported with --client-probe.
# Needs: bash and curl. Optional: getent (Linux) or dscacheutil (macOS) for the DNS lines (without
# them curl resolves the names), openssl is not needed. No root; no secret inside (see README).
# Usage: bash ${verifyClientPaths.sh} [--certs-dir DIR] [--system-roots FILE] [--timeout SECONDS]
#   --certs-dir DIR      stands in for /etc/docker/certs.d (macOS: ~/.docker/certs.d)
#   --system-roots FILE  the system roots as one PEM file (default: the file Docker's Go runtime reads)
#   --timeout SECONDS    per connection (default 10)
# Output: one line per check: STATUS CHECK CODE HOST: message. Exit 0 all passed, 1 a check failed, 2 usage.
set -u
DTR_NAME=${shQuote(plan.dtrName)}
DTR_HOST=${shQuote(plan.dtrHost)}
DTR_PORT=${shQuote(String(plan.dtrPort))}
TRUST_MODE=${shQuote(plan.mode)}
DTR_CRT=${shQuote(bundlePaths.dtrCa(plan.dtrName))}
STORAGE_CRT=${shQuote(bundlePaths.storageCaForDocker(plan.dtrName))}
STORAGE_SCHEME=${shQuote(plan.storage?.scheme ?? '')}
STORAGE_HOST=${shQuote(plan.storage?.host ?? '')}
STORAGE_PORT=${shQuote(String(plan.storage?.port ?? ''))}
PROBE_URL=${shQuote(plan.probe?.url ?? '')}
PROBE_BODY=${shQuote(plan.probe?.body.replace(/\n$/, '') ?? '')}
PROBE_EXPIRES=${shQuote(String(plan.probe?.expiresAt ?? 0))}
`;
}

// Raw bash; "$\{" stands for bash's "${" (a template literal would interpolate it).
const body = String.raw`
CERTS_DIR=''
SYSTEM_ROOTS=''
TIMEOUT=10
usage() { echo "usage: bash $0 [--certs-dir DIR] [--system-roots FILE] [--timeout SECONDS]" >&2; exit 2; }
while [ $# -gt 0 ]; do
  case $1 in
    --certs-dir) [ $# -ge 2 ] || usage; CERTS_DIR=$2; shift 2 ;;
    --system-roots) [ $# -ge 2 ] || usage; SYSTEM_ROOTS=$2; shift 2 ;;
    --timeout) [ $# -ge 2 ] || usage; TIMEOUT=$2; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage ;;
  esac
done
case $TIMEOUT in ''|*[!0-9]*) echo "--timeout takes whole seconds" >&2; exit 2 ;; esac
OS=$(uname -s)
if [ -z "$CERTS_DIR" ]; then
  if [ "$OS" = Darwin ]; then CERTS_DIR=$HOME/.docker/certs.d; else CERTS_DIR=/etc/docker/certs.d; fi
fi
DTR_DIR=$CERTS_DIR/$DTR_NAME
failed=0
# An insecure registry: Docker checks no certificate, neither DTR's nor the storage host's after the 307.
INSECURE=''
if [ "$TRUST_MODE" = insecure-registry ]; then INSECURE=--insecure; fi

fix_for() { # CODE HOST DIR CRT
  case $1 in
@FIXES@
    *) printf '%s' "See the code $1 in the bundle README." ;;
  esac
}
line() { # STATUS CHECK CODE WHERE MESSAGE
  printf '%-4s %-14s %-22s %s: %s\n' "$1" "$2" "$3" "$4" "$5"
  if [ "$1" = FAIL ]; then failed=1; fi
}
fail() { # CHECK CODE WHERE MESSAGE CRT
  local msg=$4
  case $msg in *.) ;; *) msg="$msg." ;; esac
  line FAIL "$1" "$2" "$3" "$msg Fix: $(fix_for "$2" "$3" "$DTR_DIR" "$5")"
}

if ! command -v curl >/dev/null 2>&1; then
  fail tools TOOL_MISSING "$(hostname 2>/dev/null || echo localhost)" "curl is not installed: no connection can be checked." ""
  exit 1
fi
WORK=$(mktemp -d "$\{TMPDIR:-/tmp}/verify-client.XXXXXX") || { echo "cannot create a temporary directory" >&2; exit 2; }
trap 'rm -rf "$WORK"' EXIT
mkdir "$WORK/no-capath"

# The trust Docker uses for DTR and for the redirected download: system roots + certs.d/<dtr>/*.crt.
if [ -z "$SYSTEM_ROOTS" ]; then
  for f in /etc/ssl/certs/ca-certificates.crt /etc/pki/tls/certs/ca-bundle.crt /etc/ssl/ca-bundle.pem \
    /etc/pki/tls/cacert.pem /etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem /etc/ssl/cert.pem; do
    if [ -r "$f" ]; then SYSTEM_ROOTS=$f; break; fi
  done
fi
CA_FILE=$WORK/trust.pem
: > "$CA_FILE"
if [ "$OS" = Darwin ] && [ -z "$SYSTEM_ROOTS" ] && command -v security >/dev/null 2>&1; then
  # Docker Desktop trusts the macOS keychains (the System keychain holds what --os-store installed).
  security find-certificate -a -p /System/Library/Keychains/SystemRootCertificates.keychain /Library/Keychains/System.keychain >> "$CA_FILE" 2>/dev/null
  roots_note="the macOS keychains"
elif [ -n "$SYSTEM_ROOTS" ] && [ -r "$SYSTEM_ROOTS" ]; then
  cat "$SYSTEM_ROOTS" >> "$CA_FILE"; echo >> "$CA_FILE"
  roots_note=$SYSTEM_ROOTS
else
  roots_note="no system roots found"
fi
extra=''
if [ -d "$DTR_DIR" ]; then
  for crt in "$DTR_DIR"/*.crt; do
    [ -f "$crt" ] || continue
    cat "$crt" >> "$CA_FILE"; echo >> "$CA_FILE"
    extra="$extra $\{crt##*/}"
  done
fi
curl_tool=$(curl --version 2>/dev/null | head -n 1 | cut -d' ' -f1-2)
line PASS tools - localhost "$curl_tool; trust = $roots_note +$\{extra:- nothing} from $DTR_DIR"
if [ "$TRUST_MODE" = insecure-registry ]; then
  line SKIP certs-dir - "$DTR_DIR" "DTR is an insecure registry here: Docker checks no certificate"
elif [ -n "$extra" ]; then
  line PASS certs-dir - "$DTR_DIR" "CA files:$extra"
else
  line WARN certs-dir - "$DTR_DIR" "no *.crt there: only the system roots are trusted"
fi
if [ -n "$STORAGE_HOST" ] && [ -d "$CERTS_DIR/$STORAGE_HOST:$STORAGE_PORT" -o -d "$CERTS_DIR/$STORAGE_HOST" ]; then
  line WARN certs-dir - "$CERTS_DIR" "a certs.d directory for the storage host exists: Docker ignores it for redirected downloads"
fi

is_ip() { case $1 in *:*) return 0 ;; esac; printf '%s' "$1" | grep -Eq '^[0-9]+(\.[0-9]+){3}$'; }
hostport() { case $1 in *:*) printf '[%s]:%s' "$1" "$2" ;; *) printf '%s:%s' "$1" "$2" ;; esac; }
resolve() { # HOST → addresses; status 1 not found, 2 no resolver tool
  local out
  if command -v getent >/dev/null 2>&1; then
    out=$(getent ahosts "$1") || return 1
    printf '%s\n' "$out" | awk '{print $1}' | sort -u | head -n 4 | tr '\n' ' ' | sed 's/ $//'
  elif command -v dscacheutil >/dev/null 2>&1; then
    out=$(dscacheutil -q host -a name "$1" | awk '/address:/ {print $2}' | sort -u | head -n 4 | tr '\n' ' ' | sed 's/ $//')
    [ -n "$out" ] || return 1
    printf '%s' "$out"
  else
    return 2
  fi
}
fetch() { # URL [--insecure]: sets RC HTTP CONNECT ERR; the body goes to $WORK/body
  local out capath=''
  [ "$OS" = Darwin ] || capath="--capath $WORK/no-capath"
  # -q: no ~/.curlrc; the environment's CA settings are removed so only CA_FILE is trusted.
  out=$(env -u CURL_CA_BUNDLE -u SSL_CERT_FILE -u SSL_CERT_DIR curl -q -sS --cacert "$CA_FILE" $capath \
    --connect-timeout "$TIMEOUT" --max-time "$((TIMEOUT * 2))" -o "$WORK/body" -w '%{http_code} %{time_connect}' $\{2:-} "$1" 2>"$WORK/err")
  RC=$?
  HTTP=$\{out%% *}; CONNECT=$\{out#* }
  ERR=$(head -n 1 "$WORK/err" | sed 's/^curl: ([0-9]*) //')
}
classify() { # RC ERR EXTRA_CA → a diagnosis code
  case $1 in
    6) echo DNS_NOT_FOUND ;;
    7) case $2 in *"No route"*|*nreachable*) echo HOST_UNREACHABLE ;; *) echo CONNECTION_REFUSED ;; esac ;;
    28) echo TIMEOUT ;;
    35) case $2 in *"wrong version number"*|*"packet length"*) echo HTTPS_TO_HTTP_PORT ;; *) echo TLS_UNTRUSTED ;; esac ;;
    51|60)
      case $2 in
        *xpired*) echo TLS_CERT_EXPIRED ;;
        *"not yet valid"*) echo TLS_CERT_NOT_YET_VALID ;;
        *"subject name"*|*"does not match"*|*"alternative certificate"*|*"host name"*) echo TLS_HOSTNAME_MISMATCH ;;
        *"self-signed certificate in"*|*"self signed certificate in"*|*"local issuer"*) if [ -n "$3" ]; then echo TLS_WRONG_CA; else echo TLS_UNKNOWN_CA; fi ;;
        *"self-signed"*|*"self signed"*) echo TLS_SELF_SIGNED ;;
        *) if [ -n "$3" ]; then echo TLS_WRONG_CA; else echo TLS_UNKNOWN_CA; fi ;;
      esac ;;
    52|56) echo CONNECTION_RESET ;;
    *) echo TLS_UNTRUSTED ;;
  esac
}

# check_target SUFFIX HOST PORT SCHEME PATH CRT: the dns-, tcp- and tls- lines for one host
check_target() {
  local suffix=$1 host=$2 port=$3 scheme=$4 path=$5 crt=$6 where addrs status insecure
  where=$(hostport "$host" "$port")
  if is_ip "$host"; then
    line PASS "dns-$suffix" - "$host" "an IP address: nothing to resolve"
  else
    addrs=$(resolve "$host"); status=$?
    if [ $status = 1 ]; then
      fail "dns-$suffix" DNS_NOT_FOUND "$host" "does not resolve from this host." "$crt"
      line SKIP "tcp-$suffix" - "$where" "no address"; line SKIP "tls-$suffix" - "$where" "no address"; return
    elif [ $status = 2 ]; then
      line SKIP "dns-$suffix" - "$host" "no getent or dscacheutil here: curl resolves it in the next line"
    else
      line PASS "dns-$suffix" - "$host" "resolves to $addrs"
    fi
  fi
  insecure=$INSECURE
  fetch "$scheme://$where$path" $insecure
  if [ "$RC" = 6 ]; then
    fail "dns-$suffix" DNS_NOT_FOUND "$host" "curl cannot resolve it: $ERR" "$crt"
    line SKIP "tls-$suffix" - "$where" "no connection"; return
  fi
  case $RC in 7|28) if [ "$CONNECT" = 0.000000 ] || [ -z "$CONNECT" ]; then
    fail "tcp-$suffix" "$(classify "$RC" "$ERR" "$extra")" "$where" "$ERR" "$crt"
    line SKIP "tls-$suffix" - "$where" "no connection"; return
  fi ;; esac
  line PASS "tcp-$suffix" - "$where" "connected in $\{CONNECT}s"
  if [ "$scheme" = http ]; then
    line SKIP "tls-$suffix" - "$where" "plain HTTP: no certificate to check"
  elif [ -n "$insecure" ]; then
    line SKIP "tls-$suffix" - "$where" "insecure-registry: Docker verifies no certificate (lab only)"
  elif [ "$RC" = 0 ]; then
    line PASS "tls-$suffix" - "$where" "certificate verified with the trust above (HTTP $HTTP)"
  else
    fail "tls-$suffix" "$(classify "$RC" "$ERR" "$extra")" "$where" "$ERR" "$crt"
  fi
}

check_target dtr "$DTR_HOST" "$DTR_PORT" https /v2/ "$DTR_CRT"
if [ -n "$STORAGE_HOST" ]; then
  check_target storage "$STORAGE_HOST" "$STORAGE_PORT" "$STORAGE_SCHEME" / "$STORAGE_CRT"
else
  for c in dns-storage tcp-storage tls-storage; do line SKIP "$c" - "-" "clients never connect to storage (redirects disabled, DTR streams blobs)"; done
fi

if [ -z "$PROBE_URL" ]; then
  line SKIP probe-download - "-" "the bundle was exported without --client-probe"
else
  where=$(hostport "$STORAGE_HOST" "$STORAGE_PORT")
  fetch "$PROBE_URL" $INSECURE
  if [ "$RC" != 0 ]; then
    fail probe-download "$(classify "$RC" "$ERR" "$extra")" "$where" "the presigned download failed: $ERR" "$STORAGE_CRT"
  elif [ "$HTTP" = 200 ] && [ "$(cat "$WORK/body")" = "$PROBE_BODY" ]; then
    line PASS probe-download - "$where" "downloaded the probe object through its presigned URL, as a pull does after the 307"
  elif [ "$HTTP" = 200 ]; then
    fail probe-download PROBE_BODY_MISMATCH "$where" "HTTP 200, but not the probe object's content." "$STORAGE_CRT"
  else
    s3code=$(sed -n 's:.*<Code>\([A-Za-z]*\)</Code>.*:\1:p' "$WORK/body" | head -n 1)
    if [ "$(date +%s)" -ge "$PROBE_EXPIRES" ]; then code=PROBE_EXPIRED
    else case $s3code in NoSuchKey) code=OBJECT_MISSING ;; SignatureDoesNotMatch) code=SIGNATURE_MISMATCH ;; AccessDenied) code=ACCESS_DENIED ;; *) code=S3_ERROR ;; esac
    fi
    fail probe-download "$code" "$where" "HTTP $HTTP $\{s3code:-without an S3 error code}." "$STORAGE_CRT"
  fi
fi
exit $failed
`;

/** scripts/verify-client.sh (Linux and macOS). */
export function renderVerifyClientSh(plan: VerifyClientPlan): string {
  const fixes = Object.entries(verifyClientFixes).map(([code, text]) => fixCase(code, text)).join('\n');
  return header(plan) + body.replace(/\$\\\{/g, '${').replace('@FIXES@', () => fixes);
}

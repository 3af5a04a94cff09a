#!/bin/bash
# Adapted from the team recipe (Debian 12, Ceph 16.2.15); starts in ~1 s.
# Throwaway single-node Ceph RGW (S3) for tests: 1 ceph-mon, 1 ceph-osd (memstore = data in RAM),
# no ceph-mgr, no cephx, radosgw/beast on 127.0.0.1. Everything lives under $RGW_DIR.
# Needs a clean $RGW_DIR (run stop.sh --clean first). Tested with Ceph 16.2.15 (Debian 12).
#
# Env knobs:
#   RGW_DIR (required, scratch dir)  MON_PORT=3300  RGW_PORT=7480
#   RGW_SSL_PORT=     (e.g. 7443: also serve HTTPS; a throwaway CA + cert is made in $RGW_DIR/tls,
#                      clients verify with $RGW_DIR/tls/ca.crt)
#   RGW_API_NAME=us-east-1   (zonegroup api_name = accepted LocationConstraint / GetBucketLocation answer)
#   S3_ACCESS_KEY=TESTACCESSKEY S3_SECRET_KEY=TESTSECRETKEY123   (user "tester" is created with these)
#   RGW_KMS_KEY_ID=testkey-1   (the SSE-KMS key id the testing KMS backend knows)
set -euo pipefail
T0=$(date +%s.%N)
D=${RGW_DIR:?set RGW_DIR to a scratch directory}
MON_PORT=${MON_PORT:-3300}
RGW_PORT=${RGW_PORT:-7480}
RGW_SSL_PORT=${RGW_SSL_PORT:-}
RGW_API_NAME=${RGW_API_NAME:-us-east-1}
S3_ACCESS_KEY=${S3_ACCESS_KEY:-TESTACCESSKEY}
S3_SECRET_KEY=${S3_SECRET_KEY:-TESTSECRETKEY123}
CONF=$D/ceph.conf
ts() { printf '[%5.2fs] %s\n' "$(echo "$(date +%s.%N) - $T0" | bc)" "$*" >&2; }
die() { echo "start.sh: $*" >&2; exit 1; }
[ -e "$CONF" ] && die "$CONF exists: run stop.sh --clean first"
# on any failure, stop whatever was already started (stop.sh lives next to this script)
trap 'rc=$?; if [ $rc -ne 0 ]; then echo "start.sh: failed (rc=$rc), stopping daemons" >&2; RGW_DIR=$D "$(dirname "$(readlink -f "$0")")/stop.sh"; fi' EXIT
mkdir -p "$D"/{mon/ceph-a,osd/0,run,log,rgw,crash}
FSID=$(cat /proc/sys/kernel/random/uuid)

FRONT="beast endpoint=127.0.0.1:$RGW_PORT tcp_nodelay=1"
if [ -n "$RGW_SSL_PORT" ]; then
  if [ ! -s "$D/tls/server.crt" ]; then      # throwaway CA + server cert for 127.0.0.1/localhost
    mkdir -p "$D/tls"; (
      cd "$D/tls"
      openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 7 \
        -keyout ca.key -out ca.crt -subj "/CN=throwaway rgw test CA" 2>/dev/null
      openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
        -keyout server.key -out server.csr -subj "/CN=localhost" 2>/dev/null
      printf '%s\n' "subjectAltName=IP:127.0.0.1,DNS:localhost" "basicConstraints=critical,CA:FALSE" \
        "keyUsage=critical,digitalSignature,keyEncipherment" "extendedKeyUsage=serverAuth" \
        "subjectKeyIdentifier=hash" "authorityKeyIdentifier=keyid,issuer" > server.ext
      openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 7 \
        -extfile server.ext -out server.crt 2>/dev/null
    ); ts "tls cert generated"
  fi
  FRONT="$FRONT ssl_endpoint=127.0.0.1:$RGW_SSL_PORT ssl_certificate=$D/tls/server.crt ssl_private_key=$D/tls/server.key"
fi

cat > "$CONF" <<CONF
[global]
fsid = $FSID
mon host = v2:127.0.0.1:$MON_PORT
public addr = 127.0.0.1
cluster addr = 127.0.0.1
ms bind msgr1 = false
ms bind ipv6 = false
auth cluster required = none
auth service required = none
auth client required = none
run dir = $D/run
admin socket = $D/run/\$name.asok
pid file = $D/run/\$name.pid
log file = $D/log/\$name.log
mon cluster log file = $D/log/cluster.log
keyring = $D/keyring
crash dir = $D/crash
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
mon allow pool size one = true
mon allow pool delete = true
mon max pg per osd = 1000
mon warn on pool no redundancy = false
mon warn on insecure global id reclaim allowed = false
[mon]
mon data = $D/mon/\$cluster-\$id
# do not warn / shut the mon down when the CI disk is fuller than 70% / 95%
mon data avail warn = 1
mon data avail crit = 0
# propose map changes at once instead of batching for 1 s: each pool rgw creates waits for one
# (this alone takes start-up from ~12.5 s to <1 s)
paxos propose interval = 0.01
paxos min wait = 0.001
[osd]
osd data = $D/osd/\$id
osd objectstore = memstore
memstore device bytes = 1073741824
[client.rgw.a]
# radosgw's built-in defaults are auth_client_required=cephx and ms_mon_client_mode=secure;
# with auth none they must be reset or it loops on "get_initial_auth_request returned -13"
auth client required = none
ms mon client mode = crc
rgw data = $D/rgw
rgw frontends = $FRONT
rgw thread pool size = 32
rgw dynamic resharding = false
# SSE-KMS with RGW's built-in testing backend (keys from this config, over HTTPS only): lets tests
# store objects with the driver's encrypt + keyid. The key is random per start.
rgw crypt s3 kms backend = testing
rgw crypt s3 kms encryption keys = ${RGW_KMS_KEY_ID:-testkey-1}=$(openssl rand -base64 32)
[client]
# radosgw-admin / ceph CLI
rgw data = $D/rgw
CONF
ts "config written"

# --- mon ---
monmaptool --create --clobber --fsid "$FSID" --addv a "[v2:127.0.0.1:$MON_PORT]" "$D/monmap" >/dev/null
ceph-mon -c "$CONF" --mkfs -i a --monmap "$D/monmap" 2>>"$D/log/mon-mkfs.log"
ceph-mon -c "$CONF" -i a 2>>"$D/log/mon.a.stderr"      # daemonizes, writes run/mon.a.pid
C="ceph -c $CONF --connect-timeout 15"
ts "mon started"

# --- osd (memstore) ---
OSD_UUID=$(cat /proc/sys/kernel/random/uuid)
ID=$($C osd new "$OSD_UUID")
ceph-osd -c "$CONF" -i "$ID" --mkfs --osd-uuid "$OSD_UUID" 2>>"$D/log/osd-mkfs.log"
ceph-osd -c "$CONF" -i "$ID" 2>>"$D/log/osd.$ID.stderr"
up=
for i in $(seq 1 150); do
  $C osd dump 2>/dev/null | grep -q "^osd.$ID up" && { up=1; break; }
  sleep 0.2
done
[ -n "$up" ] || die "osd.$ID did not come up (see $D/log/osd.$ID.log)"
ts "osd.$ID up"

# --- S3 user + zonegroup api_name (radosgw-admin works before radosgw runs) ---
A="radosgw-admin -c $CONF"
$A user create --uid=tester --display-name=Tester \
   --access-key="$S3_ACCESS_KEY" --secret-key="$S3_SECRET_KEY" >/dev/null   # also creates default zone(group)
$A zonegroup modify --rgw-zonegroup=default --api-name="$RGW_API_NAME" >/dev/null
# let "tester" manage IAM user policies and users on this RGW (tests put explicit-Deny policies)
$A caps add --uid=tester --caps="user-policy=*;users=*" >/dev/null
ts "zonegroup api_name=$RGW_API_NAME, user tester created"

# --- radosgw ---
radosgw -c "$CONF" -n client.rgw.a 2>>"$D/log/client.rgw.a.stderr"
# wait until *radosgw* answers (an anonymous GET / returns an empty ListAllMyBucketsResult; checking
# the body guards against some other program already owning the port)
isrgw() { curl -sf --max-time 2 "$@" | grep -q ListAllMyBucketsResult; }
ok=
for i in $(seq 1 150); do
  if isrgw "http://127.0.0.1:$RGW_PORT/" && \
     { [ -z "$RGW_SSL_PORT" ] || isrgw --cacert "$D/tls/ca.crt" "https://127.0.0.1:$RGW_SSL_PORT/"; }; then
    ok=1; break
  fi
  # radosgw that fails (e.g. port in use) exits and removes its pid file: fail fast instead of waiting 30 s
  p=$(cat "$D/run/client.rgw.a.pid" 2>/dev/null || true); st=$( [ -n "$p" ] && ps -o stat= -p "$p" || true)
  if [ $i -ge 10 ] && { [ -z "$st" ] || [ "${st:0:1}" = Z ]; }; then
    die "radosgw is not running (see $D/log/client.rgw.a.log)"
  fi
  sleep 0.2
done
[ -n "$ok" ] || die "radosgw did not answer (see $D/log/client.rgw.a.log)"
ts "rgw serving on http://127.0.0.1:$RGW_PORT${RGW_SSL_PORT:+ and https://127.0.0.1:$RGW_SSL_PORT (CA: $D/tls/ca.crt)}"

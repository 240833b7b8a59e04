#!/usr/bin/env bash
# testbed.sh - the local mail and drop-folder servers the integration tests run against (Debian 12, no systemd needed).
#
#   testbed.sh start  STATE_DIR   install missing packages, write config, start daemons, print env
#   testbed.sh stop   STATE_DIR   stop exactly the processes recorded in STATE_DIR/pids
#   testbed.sh status STATE_DIR   show pids/ports; exit 0 only if everything answers
#   testbed.sh env    STATE_DIR   print STATE_DIR/testbed.env
#   testbed.sh seed   STATE_DIR USER MAILBOX FILE...        save .eml files via `doveadm save`
#   testbed.sh seed-bulk STATE_DIR USER MAILBOX COUNT [EML]  write COUNT messages straight into the Maildir
#   testbed.sh smtp-fault STATE_DIR none|temp|perm          make every RCPT on the fault port fail (4xx/5xx) or restore
#
# Daemons (all bound to 127.0.0.1, ports = TESTBED_PORT_BASE + standard port):
#   dovecot (IMAP+STARTTLS, IMAPS, LMTP on a unix socket), postfix (SMTP, submission, SMTPS;
#   SASL via dovecot; delivery via LMTP into dovecot), sshd (SFTP only), vsftpd (FTP + explicit FTPS).
#
# Environment knobs (optional):
#   TESTBED_PORT_BASE   default 20000  -> IMAP 20143, IMAPS 20993, SMTP 20025, submission 20587,
#                                         SMTPS 20465, SFTP 20022, FTP 20021, FTP passive 20100-20109
#   TESTBED_FTP=0       do not start vsftpd
#   TESTBED_EXTRA_USERS "name@example.test:password ..." additional IMAP/SMTP users
#   TESTBED_SFTP_USER / TESTBED_SFTP_PASSWORD   system account used for SFTP/FTP (default tbdrop/tbdrop-pass)
set -euo pipefail
umask 022

PROG=${0##*/}
log()  { printf '%s: %s\n' "$PROG" "$*" >&2; }
die()  { printf '%s: ERROR: %s\n' "$PROG" "$*" >&2; exit 1; }

usage() {
    sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

CMD=${1:-}
[ -n "$CMD" ] && [ -n "${2:-}" ] || usage
STATE=$(realpath -m -- "$2")
[[ $STATE =~ ^/[A-Za-z0-9._/-]+$ ]] || die "STATE_DIR must be an absolute-able path of [A-Za-z0-9._/-] (got '$STATE')"
case "$STATE" in /|/etc|/etc/*|/usr|/usr/*|/var|/bin|/sbin|/lib|/root|/home) die "refusing STATE_DIR=$STATE";; esac

DOMAIN=example.test
HOST=127.0.0.1
# settings persisted by the last `start` (ports etc.); `start` lets TESTBED_* env vars override them
declare -A SAVED=()
if [ -s "$STATE/settings" ]; then
    while IFS='=' read -r k v; do
        if [[ $k =~ ^[A-Z_]+$ ]]; then SAVED[$k]=$v; fi
    done < "$STATE/settings"
fi
setting() { # NAME default -> value
    local envv=${!1:-} saved=${SAVED[$1]:-}
    if [ "$CMD" = start ]; then echo "${envv:-${saved:-$2}}"; else echo "${saved:-${envv:-$2}}"; fi
}
BASE=$(setting TESTBED_PORT_BASE 20000)
[[ $BASE =~ ^[0-9]+$ ]] && (( BASE >= 1024 && BASE + 993 <= 65535 )) || die "bad TESTBED_PORT_BASE=$BASE"
IMAP_PORT=$((BASE + 143))
IMAPS_PORT=$((BASE + 993))
SMTP_PORT=$((BASE + 25))
SUBMISSION_PORT=$((BASE + 587))
SMTPS_PORT=$((BASE + 465))
TOKEN_PORT=$((BASE + 80))        # OAuth2 token info for XOAUTH2 (a small Python responder)
SMTP_NOTLS_PORT=$((BASE + 26))   # no STARTTLS and SIZE 20000: "TLS required but not offered", size checks
# Submission whose every RCPT follows `smtp-fault`: the fault is switched for this port alone, so
# tests that send through the other ports at the same time never see it.
SMTP_FAULT_PORT=$((BASE + 588))
SFTP_PORT=$((BASE + 22))
FTP_PORT=$((BASE + 21))
PASV_MIN=$((BASE + 100))
PASV_MAX=$((BASE + 109))
ENABLE_FTP=$(setting TESTBED_FTP 1)
SFTP_USER=$(setting TESTBED_SFTP_USER tbdrop)
SFTP_PASS=$(setting TESTBED_SFTP_PASSWORD tbdrop-pass)
EXTRA_USERS=$(setting TESTBED_EXTRA_USERS "")
[[ $SFTP_USER =~ ^[a-z_][a-z0-9_-]*$ ]] || die "bad TESTBED_SFTP_USER"
MAIL_USERS="orders@$DOMAIN:orders-pass buyer@$DOMAIN:buyer-pass assistant@$DOMAIN:assistant-pass catchall@$DOMAIN:catchall-pass $EXTRA_USERS"
PKGS="dovecot-imapd dovecot-lmtpd postfix openssh-server vsftpd openssl curl ca-certificates"

DC_CONF=$STATE/dovecot/dovecot.conf
PF_DIR=$STATE/postfix
DC_BASE=$STATE/run/dovecot
SERVICES="tokeninfo dovecot postfix sshd vsftpd"

now() { echo "${EPOCHREALTIME/,/.}"; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN{printf "%.2f", b-a}'; }

# ---------------------------------------------------------------- process bookkeeping
# /proc/PID/stat fields after the "(comm)" part: state=$1 ppid=$2 ... starttime=$20
proc_field() { # pid index -> value ; fails if the process does not exist
    local s
    { read -r s < "/proc/$1/stat"; } 2>/dev/null || return 1
    s=${s##*) }
    local -a f
    read -r -a f <<< "$s"
    echo "${f[$(( $2 - 1 ))]}"
}
proc_start() { proc_field "$1" 20; }
proc_alive() { # pid [starttime]
    local st state
    state=$(proc_field "$1" 1) || return 1
    [ "$state" != Z ] && [ "$state" != X ] || return 1
    [ -z "${2:-}" ] && return 0
    st=$(proc_start "$1") || return 1
    [ "$st" = "$2" ]
}
pidfile() { echo "$STATE/pids/$1.pid"; }
record_pid() { # name pid
    local st
    st=$(proc_start "$2") || return 1
    echo "$2 $st" > "$(pidfile "$1")"
}
live_pid() { # name -> pid of the recorded process if it is still the same process
    local f pid st
    f=$(pidfile "$1")
    [ -s "$f" ] || return 1
    read -r pid st < "$f" || return 1
    [[ $pid =~ ^[0-9]+$ ]] || return 1
    proc_alive "$pid" "$st" || return 1
    echo "$pid"
}
descendants() { # pid -> "pid:starttime" of every descendant
    local -A kids=()
    local d p s
    local -a f
    for d in /proc/[0-9]*; do
        p=${d#/proc/}
        { read -r s < "$d/stat"; } 2>/dev/null || continue
        s=${s##*) }
        read -r -a f <<< "$s"
        kids[${f[1]}]+="$p:${f[19]} "
    done
    local -a queue=("$1")
    local cur c out=""
    while ((${#queue[@]})); do
        cur=${queue[0]}; queue=("${queue[@]:1}")
        for c in ${kids[$cur]:-}; do out+="$c "; queue+=("${c%%:*}"); done
    done
    echo "$out"
}
wait_gone() { # pid starttime seconds
    local i
    for ((i = 0; i < $3 * 10; i++)); do
        proc_alive "$1" "$2" || return 0
        sleep 0.1
    done
    return 1
}
stop_service() { # name
    local name=$1 pid st kids k kp ks
    if pid=$(live_pid "$name"); then
        read -r _ st < "$(pidfile "$name")"
        kids=$(descendants "$pid")
        kill -TERM "$pid" 2>/dev/null || true
        if ! wait_gone "$pid" "$st" 10; then
            log "$name (pid $pid) ignored SIGTERM, sending SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
            wait_gone "$pid" "$st" 5 || true
        fi
        # children the daemon left behind (e.g. open sftp/ftp sessions): same pid AND start time only
        for k in $kids; do
            kp=${k%%:*}; ks=${k##*:}
            proc_alive "$kp" "$ks" && kill -TERM "$kp" 2>/dev/null || true
        done
        for k in $kids; do
            kp=${k%%:*}; ks=${k##*:}
            wait_gone "$kp" "$ks" 1 || { kill -KILL "$kp" 2>/dev/null || true; }
        done
        log "stopped $name (pid $pid)"
    fi
    rm -f "$(pidfile "$name")"
}
stop_all() { local s; for s in vsftpd sshd postfix dovecot tokeninfo; do stop_service "$s"; done; }

# ---------------------------------------------------------------- network helpers (bash /dev/tcp, no extra tools)
port_open() { timeout 2 bash -c "exec 3<>/dev/tcp/$HOST/$1" 2>/dev/null; }
banner() { timeout 3 bash -c "exec 3<>/dev/tcp/$HOST/$1; IFS= read -r -t 3 l <&3; printf '%s' \"\$l\"" 2>/dev/null; }
wait_ready() { # name port expected-banner-prefix(or empty for TLS-only) pid
    local name=$1 port=$2 want=$3 pid=$4 i b
    for ((i = 0; i < 300; i++)); do
        proc_alive "$pid" || return 1
        if [ -n "$want" ]; then
            b=$(banner "$port" || true)
            [[ $b == "$want"* ]] && return 0
        else
            port_open "$port" && return 0
        fi
        sleep 0.1
    done
    return 1
}
all_ports() {
    echo "$IMAP_PORT $IMAPS_PORT $SMTP_PORT $SUBMISSION_PORT $SMTPS_PORT $SMTP_NOTLS_PORT $SMTP_FAULT_PORT $SFTP_PORT $TOKEN_PORT"
    [ "$ENABLE_FTP" = 1 ] && echo "$FTP_PORT"
    return 0
}
check_ports_free() {
    local p i busy
    for ((i = 0; i < 50; i++)); do
        busy=""
        for p in $(all_ports); do port_open "$p" && busy+="$p "; done
        [ -z "$busy" ] && return 0
        sleep 0.1
    done
    die "port(s) already in use on $HOST: $busy (another test bed? set TESTBED_PORT_BASE)"
}

# ---------------------------------------------------------------- packages
ensure_packages() {
    local p missing=()
    for p in $PKGS; do
        [ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)" = installed ] || missing+=("$p")
    done
    ((${#missing[@]} == 0)) && return 0
    log "installing Debian packages: ${missing[*]} (log: $STATE/log/apt.log)"
    local t0 created=0
    t0=$(now)
    # Keep package maintainer scripts from starting the system-wide daemons on the standard ports.
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\n# temporary, created by testbed.sh\nexit 101\n' > /usr/sbin/policy-rc.d
        chmod 755 /usr/sbin/policy-rc.d
        created=1
        trap 'rm -f /usr/sbin/policy-rc.d' EXIT
    fi
    echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
    local rc=0
    {
        DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
            -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${missing[@]}"
    } >> "$STATE/log/apt.log" 2>&1 || rc=$?
    if [ "$created" = 1 ]; then rm -f /usr/sbin/policy-rc.d; trap - EXIT; fi
    if [ "$rc" != 0 ]; then tail -n 20 "$STATE/log/apt.log" >&2; die "apt-get failed (rc=$rc)"; fi
    log "packages installed in $(elapsed "$t0")s"
}

# ---------------------------------------------------------------- accounts, keys, certificates
ensure_accounts() {
    getent passwd mail >/dev/null || die "system user 'mail' missing"
    getent passwd postfix >/dev/null || die "system user 'postfix' missing (postfix not installed?)"
    getent passwd dovecot >/dev/null && getent passwd dovenull >/dev/null || die "dovecot system users missing"
    # sshd and vsftpd authenticate against real accounts: one dedicated system user, no shell.
    # Home is "/" because vsftpd chdir()s to the passwd home before applying local_root;
    # sshd (ForceCommand internal-sftp -d) and vsftpd (local_root) both start in STATE_DIR/drop/USER.
    if ! getent passwd "$SFTP_USER" >/dev/null; then
        useradd --system --user-group --no-create-home --home-dir / \
            --shell /usr/sbin/nologin --comment "testbed sftp/ftp drop user" "$SFTP_USER"
        log "created system user $SFTP_USER"
    fi
    # (re)set the password only when it differs, so /etc/shadow is not rewritten on every start
    local hash
    hash=$(getent shadow "$SFTP_USER" | cut -d: -f2)
    if ! perl -e 'exit(crypt($ARGV[0], $ARGV[1]) eq $ARGV[1] ? 0 : 1)' "$SFTP_PASS" "$hash" 2>/dev/null; then
        echo "$SFTP_USER:$SFTP_PASS" | chpasswd
    fi
    mkdir -p /run/sshd && chmod 0755 /run/sshd   # sshd's compiled-in privilege separation dir
}

ensure_tls() {
    local d=$STATE/tls
    [ -s "$d/server.crt" ] && [ -s "$d/server.key" ] && [ -s "$d/ca.crt" ] && return 0
    mkdir -p "$d"
    openssl req -x509 -new -newkey rsa:2048 -nodes -sha256 -days 3650 \
        -subj "/CN=testbed local CA" -keyout "$d/ca.key" -out "$d/ca.crt" \
        -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
    openssl req -new -newkey rsa:2048 -nodes -subj "/CN=localhost" \
        -keyout "$d/server.key" -out "$d/server.csr" 2>/dev/null
    cat > "$d/server.ext" <<EOF
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=DNS:localhost,DNS:mail.$DOMAIN,IP:127.0.0.1
authorityKeyIdentifier=keyid,issuer
subjectKeyIdentifier=hash
EOF
    openssl x509 -req -sha256 -days 825 -in "$d/server.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" \
        -set_serial "0x$(openssl rand -hex 16)" -extfile "$d/server.ext" -out "$d/server.crt" 2>/dev/null
    chmod 600 "$d/ca.key" "$d/server.key"
    rm -f "$d/server.csr"
}

ensure_ssh_keys() {
    local d=$STATE/ssh
    mkdir -p "$d/authorized_keys"
    [ -s "$d/ssh_host_ed25519_key" ] || ssh-keygen -q -t ed25519 -N '' -C testbed-host -f "$d/ssh_host_ed25519_key"
    [ -s "$d/ssh_host_rsa_key" ] || ssh-keygen -q -t rsa -b 2048 -N '' -C testbed-host -f "$d/ssh_host_rsa_key"
    [ -s "$d/client_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C testbed-client -f "$d/client_ed25519"
    [ -s "$d/client_rsa" ] || ssh-keygen -q -t rsa -b 2048 -m PEM -N '' -C testbed-client -f "$d/client_rsa"
    cat "$d/client_ed25519.pub" "$d/client_rsa.pub" > "$d/authorized_keys/$SFTP_USER"
    chmod 644 "$d/authorized_keys/$SFTP_USER"
    : > "$d/known_hosts"
    local k
    for k in ed25519 rsa; do
        printf '[%s]:%s %s\n' "$HOST" "$SFTP_PORT" "$(cut -d' ' -f1,2 "$d/ssh_host_${k}_key.pub")" >> "$d/known_hosts"
        printf '[localhost]:%s %s\n' "$SFTP_PORT" "$(cut -d' ' -f1,2 "$d/ssh_host_${k}_key.pub")" >> "$d/known_hosts"
    done
}

# ---------------------------------------------------------------- configuration
write_dovecot() {
    mkdir -p "$STATE/dovecot" "$STATE/lib/dovecot" "$STATE/run"
    install -d -o mail -g mail -m 0750 "$STATE/mail"
    local u users=""
    for u in $MAIL_USERS; do
        [[ $u == *@*:* ]] || die "bad user spec '$u' (want name@domain:password)"
        users+="${u%%:*}:{PLAIN}${u#*:}::::::"$'\n'
    done
    printf '%s' "$users" > "$STATE/dovecot/users"
    write_tokens
    chgrp dovecot "$STATE/dovecot/users"; chmod 640 "$STATE/dovecot/users"
    local dh=""
    [ -r /usr/share/dovecot/dh.pem ] && dh="ssl_dh = </usr/share/dovecot/dh.pem"
    cat > "$DC_CONF" <<EOF
# generated by testbed.sh - do not edit, rewritten on every start
instance_name = testbed-$(echo "$STATE" | md5sum | cut -c1-8)
base_dir = $DC_BASE
state_dir = $STATE/lib/dovecot
listen = $HOST
hostname = mail.$DOMAIN
protocols = imap lmtp
default_login_user = dovenull
default_internal_user = dovecot
log_path = $STATE/log/dovecot.log
info_log_path = $STATE/log/dovecot.log
log_timestamp = "%Y-%m-%d %H:%M:%S "

ssl = yes
ssl_cert = <$STATE/tls/server.crt
ssl_key = <$STATE/tls/server.key
ssl_min_protocol = TLSv1.2
$dh

# test bed: cleartext LOGIN/AUTH PLAIN allowed without TLS, no delay after a failed login
disable_plaintext_auth = no
auth_mechanisms = plain login xoauth2 oauthbearer
auth_failure_delay = 0
auth_cache_size = 0

passdb {
  driver = passwd-file
  mechanisms = plain login
  args = scheme=PLAIN username_format=%u $STATE/dovecot/users
}
# XOAUTH2/OAUTHBEARER (IMAP and, through Postfix's Dovecot SASL, SMTP): bearer tokens are checked
# against the token-info responder, which knows one token per user (TESTBED_TOKEN_<USER>).
passdb {
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = $STATE/dovecot/oauth2.conf.ext
}
userdb {
  driver = passwd-file
  args = username_format=%u $STATE/dovecot/users
  default_fields = uid=mail gid=mail home=$STATE/mail/%d/%n
}
first_valid_uid = $(id -u mail)
mail_location = maildir:~/Maildir
# test data needs no crash safety: skip fsync() on every save (faster APPEND/LMTP/doveadm save)
mail_fsync = never
namespace inbox {
  inbox = yes
  separator = /
  prefix =
}
mail_max_userip_connections = 200
recipient_delimiter = +
lmtp_save_to_detail_mailbox = no

service imap-login {
  inet_listener imap {
    address = $HOST
    port = $IMAP_PORT
  }
  inet_listener imaps {
    address = $HOST
    port = $IMAPS_PORT
    ssl = yes
  }
  process_limit = 300
}
service imap {
  process_limit = 300
}
service lmtp {
  unix_listener lmtp {
    mode = 0660
    user = postfix
    group = postfix
  }
}
service auth {
  unix_listener auth-postfix {
    mode = 0660
    user = postfix
    group = postfix
  }
}
EOF
}

write_rcpt_faults() {
    # Fault injection: special recipients (any domain, optional +tag); see REPORT.md
    cat > "$PF_DIR/rcpt_faults" <<'EOF'
# generated by testbed.sh: RCPT TO fault injection
/^reject-perm(\+[^@]*)?@/     550 5.1.1 testbed: permanent failure for this recipient
/^reject-temp(\+[^@]*)?@/     451 4.3.0 testbed: temporary failure for this recipient
/^reject-full(\+[^@]*)?@/     552 5.2.2 testbed: mailbox full
EOF
}
write_global_fault() { # none|temp|perm -> indexed (hash) map: postfix daemons notice the change by themselves
    case "$1" in
        none) : > "$PF_DIR/global_fault" ;;
        temp) echo "$HOST 450 4.2.1 testbed: global temporary failure (smtp-fault temp)" > "$PF_DIR/global_fault" ;;
        perm) echo "$HOST 550 5.7.1 testbed: global permanent failure (smtp-fault perm)" > "$PF_DIR/global_fault" ;;
        *) die "smtp-fault wants none|temp|perm" ;;
    esac
    local before=0 t
    [ -e "$PF_DIR/global_fault.db" ] && before=$(stat -c %Y "$PF_DIR/global_fault.db")
    /usr/sbin/postmap -c "$PF_DIR" "hash:$PF_DIR/global_fault"
    # smtpd notices a changed table by its mtime (1 s resolution): force a different mtime
    t=$(date +%s); (( t > before )) || t=$((before + 1))
    touch -d "@$t" "$PF_DIR/global_fault.db"
}

write_postfix() {
    mkdir -p "$PF_DIR" "$PF_DIR/spool"
    chown root:root "$PF_DIR/spool"; chmod 755 "$PF_DIR/spool"
    local u vm=""
    for u in $MAIL_USERS; do vm+="${u%%:*} OK"$'\n'; done
    printf '%s' "$vm" > "$PF_DIR/vmailbox"
    write_rcpt_faults
    cat > "$PF_DIR/sender_faults" <<'EOF'
# generated by testbed.sh: MAIL FROM fault injection
/^reject-sender(\+[^@]*)?@/   553 5.7.1 testbed: sender rejected
/^tempfail-sender(\+[^@]*)?@/ 451 4.7.1 testbed: sender temporarily rejected
EOF
    cat > "$PF_DIR/header_checks" <<'EOF'
# generated by testbed.sh: end-of-DATA rejection when the subject contains [testbed-reject]
/^Subject:.*\[testbed-reject\]/  REJECT testbed: message content rejected
EOF
    cat > "$PF_DIR/virtual_alias" <<EOF
# generated by testbed.sh: mail for any other domain (authenticated relay) lands in catchall@$DOMAIN
if !/@${DOMAIN//./\\.}\$/
/^.*\$/  catchall@$DOMAIN
endif
EOF
    cat > "$PF_DIR/main.cf" <<EOF
# generated by testbed.sh - do not edit, rewritten on every start
compatibility_level = 3.6
queue_directory = $PF_DIR/spool
data_directory = $PF_DIR/data
mail_owner = postfix
setgid_group = postdrop
maillog_file_prefixes = $STATE/log
maillog_file = $STATE/log/postfix.log
myhostname = mail.$DOMAIN
mydomain = $DOMAIN
myorigin = \$mydomain
mydestination =
local_recipient_maps =
local_transport = error:5.1.1 local delivery is disabled in the test bed
alias_maps =
alias_database =
inet_interfaces = $HOST
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
biff = no
append_dot_mydomain = no
readme_directory = no
smtp_dns_support_level = disabled
smtpd_banner = \$myhostname ESMTP testbed
recipient_delimiter = +
message_size_limit = 52428800
smtputf8_enable = no

virtual_mailbox_domains = $DOMAIN
virtual_mailbox_maps = texthash:$PF_DIR/vmailbox
virtual_alias_domains =
virtual_alias_maps = regexp:$PF_DIR/virtual_alias
virtual_transport = lmtp:unix:$DC_BASE/lmtp
default_transport = error:5.4.4 the test bed does not relay
relay_transport = error:5.4.4 the test bed does not relay

smtpd_tls_cert_file = $STATE/tls/server.crt
smtpd_tls_key_file = $STATE/tls/server.key
smtpd_tls_security_level = may
smtpd_tls_auth_only = no
smtpd_tls_loglevel = 1
smtpd_tls_received_header = yes
smtpd_tls_mandatory_protocols = >=TLSv1.2
smtpd_tls_protocols = >=TLSv1.2

smtpd_sasl_auth_enable = yes
smtpd_sasl_type = dovecot
smtpd_sasl_path = $DC_BASE/auth-postfix
smtpd_sasl_security_options = noanonymous
smtpd_sasl_authenticated_header = yes

smtpd_relay_restrictions = permit_sasl_authenticated, reject_unauth_destination
smtpd_sender_restrictions = check_sender_access regexp:$PF_DIR/sender_faults
# reject sender faults at MAIL FROM (default would defer every rejection to RCPT TO)
smtpd_delay_reject = no
smtpd_recipient_restrictions = check_recipient_access regexp:$PF_DIR/rcpt_faults
testbed_auth_rcpt = check_recipient_access regexp:$PF_DIR/rcpt_faults, permit_sasl_authenticated, reject
testbed_fault_rcpt = check_client_access hash:$PF_DIR/global_fault, \$testbed_auth_rcpt
header_checks = regexp:$PF_DIR/header_checks
smtpd_error_sleep_time = 0
smtpd_soft_error_limit = 100
smtpd_hard_error_limit = 1000
smtpd_client_connection_count_limit = 0
smtpd_client_connection_rate_limit = 0
EOF
    cat > "$PF_DIR/master.cf" <<EOF
# generated by testbed.sh - do not edit, rewritten on every start
# service type  private unpriv  chroot  wakeup  maxproc command + args
$HOST:$SMTP_PORT inet n - n - - smtpd
$HOST:$SUBMISSION_PORT inet n - n - - smtpd
  -o syslog_name=postfix/submission
  -o smtpd_tls_security_level=encrypt
  -o smtpd_relay_restrictions=permit_sasl_authenticated,reject
  -o smtpd_recipient_restrictions=\$testbed_auth_rcpt
$HOST:$SMTP_FAULT_PORT inet n - n - - smtpd
  -o syslog_name=postfix/fault
  -o smtpd_tls_security_level=encrypt
  -o smtpd_relay_restrictions=permit_sasl_authenticated,reject
  -o smtpd_recipient_restrictions=\$testbed_fault_rcpt
$HOST:$SMTPS_PORT inet n - n - - smtpd
  -o syslog_name=postfix/smtps
  -o smtpd_tls_wrappermode=yes
  -o smtpd_relay_restrictions=permit_sasl_authenticated,reject
  -o smtpd_recipient_restrictions=\$testbed_auth_rcpt
$HOST:$SMTP_NOTLS_PORT inet n - n - - smtpd
  -o syslog_name=postfix/notls
  -o smtpd_tls_security_level=none
  -o message_size_limit=20000
pickup     unix  n  -  n  60    1  pickup
cleanup    unix  n  -  n  -     0  cleanup
qmgr       unix  n  -  n  300   1  qmgr
tlsmgr     unix  -  -  n  1000? 1  tlsmgr
rewrite    unix  -  -  n  -     -  trivial-rewrite
bounce     unix  -  -  n  -     0  bounce
defer      unix  -  -  n  -     0  bounce
trace      unix  -  -  n  -     0  bounce
verify     unix  -  -  n  -     1  verify
flush      unix  n  -  n  1000? 0  flush
proxymap   unix  -  -  n  -     -  proxymap
proxywrite unix  -  -  n  -     1  proxymap
smtp       unix  -  -  n  -     -  smtp
relay      unix  -  -  n  -     -  smtp
showq      unix  n  -  n  -     -  showq
error      unix  -  -  n  -     -  error
retry      unix  -  -  n  -     -  error
discard    unix  -  -  n  -     -  discard
lmtp       unix  -  -  n  -     -  lmtp
anvil      unix  -  -  n  -     1  anvil
scache     unix  -  -  n  -     1  scache
postlog    unix-dgram n  -  n  -  1  postlogd
EOF
}

write_sshd() {
    local drop=$STATE/drop/$SFTP_USER
    install -d -m 0755 "$STATE/drop"
    install -d -o "$SFTP_USER" -g "$SFTP_USER" -m 0755 "$drop" "$drop/incoming"
    cat > "$STATE/ssh/sshd_config" <<EOF
# generated by testbed.sh - SFTP only, loopback only
Port $SFTP_PORT
ListenAddress $HOST
HostKey $STATE/ssh/ssh_host_ed25519_key
HostKey $STATE/ssh/ssh_host_rsa_key
PidFile $STATE/run/sshd.pid
AuthorizedKeysFile $STATE/ssh/authorized_keys/%u
StrictModes no
UsePAM no
PasswordAuthentication yes
KbdInteractiveAuthentication no
PubkeyAuthentication yes
PermitRootLogin no
AllowUsers $SFTP_USER
# older libssh2 (< 1.10) only knows SHA-1 "ssh-rsa" signatures
HostKeyAlgorithms +ssh-rsa
PubkeyAcceptedAlgorithms +ssh-rsa
Subsystem sftp internal-sftp
ForceCommand internal-sftp -d $STATE/drop/%u
AllowTcpForwarding no
AllowAgentForwarding no
AllowStreamLocalForwarding no
X11Forwarding no
PermitTTY no
PrintMotd no
MaxStartups 100:30:200
MaxAuthTries 10
LogLevel VERBOSE
EOF
}

write_vsftpd() {
    mkdir -p "$STATE/ftp/empty"; chmod 755 "$STATE/ftp/empty"
    echo "$SFTP_USER" > "$STATE/ftp/user_list"
    cat > "$STATE/ftp/vsftpd.conf" <<EOF
# generated by testbed.sh - loopback only, one local user, plain FTP + explicit FTPS (AUTH TLS)
listen=YES
listen_ipv6=NO
listen_address=$HOST
listen_port=$FTP_PORT
background=NO
anonymous_enable=NO
local_enable=YES
write_enable=YES
local_umask=022
local_root=$STATE/drop/$SFTP_USER
chroot_local_user=NO
userlist_enable=YES
userlist_deny=NO
userlist_file=$STATE/ftp/user_list
# no /etc/pam.d file of this name exists, so PAM falls back to /etc/pam.d/other (common-auth = pam_unix);
# the stock "vsftpd" service would require the user's shell to be listed in /etc/shells.
pam_service_name=testbed-vsftpd
secure_chroot_dir=$STATE/ftp/empty
pasv_enable=YES
pasv_address=$HOST
pasv_min_port=$PASV_MIN
pasv_max_port=$PASV_MAX
port_enable=YES
connect_from_port_20=NO
seccomp_sandbox=NO
isolate=NO
isolate_network=NO
max_clients=200
max_per_ip=200
xferlog_enable=YES
xferlog_file=$STATE/log/vsftpd-xfer.log
vsftpd_log_file=$STATE/log/vsftpd.log
dual_log_enable=YES
log_ftp_protocol=YES
syslog_enable=NO
ftpd_banner=testbed FTP
ssl_enable=YES
rsa_cert_file=$STATE/tls/server.crt
rsa_private_key_file=$STATE/tls/server.key
allow_anon_ssl=NO
force_local_logins_ssl=NO
force_local_data_ssl=NO
require_ssl_reuse=NO
ssl_ciphers=HIGH
ssl_sslv2=NO
ssl_sslv3=NO
EOF
}

# ---------------------------------------------------------------- start/stop pieces
fail_start() { # name logfile...
    local n=$1; shift
    log "$n failed to start; last log lines:"
    local f
    for f in "$@"; do [ -s "$f" ] && { echo "--- $f" >&2; tail -n 25 "$f" >&2; }; done
    stop_all
    exit 1
}

write_tokens() { # one random bearer token per mail user, kept across restarts of the same state dir
    local u tokens=$STATE/oauth2/tokens
    mkdir -p "$STATE/oauth2"
    if [ ! -s "$tokens" ]; then
        for u in $MAIL_USERS; do echo "$(openssl rand -hex 24) ${u%%:*}"; done > "$tokens"
    fi
    cat > "$STATE/dovecot/oauth2.conf.ext" <<EOF
tokeninfo_url = http://$HOST:$TOKEN_PORT/tokeninfo?access_token=
username_attribute = email
EOF
    cat > "$STATE/oauth2/responder.py" <<'EOF'
# Token info for the test bed's XOAUTH2: GET /tokeninfo?access_token=T answers {"email": user}
# for a known token and 401 otherwise, like a provider's tokeninfo endpoint.
import http.server, json, sys, urllib.parse
host, port, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
tokens = dict(line.split() for line in open(path) if line.strip())
class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        query = urllib.parse.parse_qs(urllib.parse.urlparse(self.path).query)
        user = tokens.get((query.get("access_token") or [""])[0])
        body = json.dumps({"email": user} if user else {"error": "invalid_token"}).encode()
        self.send_response(200 if user else 401)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass
http.server.ThreadingHTTPServer((host, port), Handler).serve_forever()
EOF
}

start_tokeninfo() {
    setsid python3 "$STATE/oauth2/responder.py" "$HOST" "$TOKEN_PORT" "$STATE/oauth2/tokens" < /dev/null >> "$STATE/log/tokeninfo.stderr" 2>&1 &
    local pid=$! i
    sleep 0.05
    record_pid tokeninfo "$pid" || fail_start tokeninfo "$STATE/log/tokeninfo.stderr"
    for ((i = 0; i < 100; i++)); do port_open "$TOKEN_PORT" && return 0; sleep 0.1; done
    fail_start tokeninfo "$STATE/log/tokeninfo.stderr"
}

start_dovecot() {
    rm -f "$DC_BASE/master.pid"   # only reached when our recorded dovecot is not running (stale file)
    /usr/sbin/dovecot -c "$DC_CONF" -n > "$STATE/log/dovecot-effective.conf" 2> "$STATE/log/dovecot.stderr" \
        || fail_start dovecot "$STATE/log/dovecot.stderr"
    setsid /usr/sbin/dovecot -F -c "$DC_CONF" < /dev/null >> "$STATE/log/dovecot.stderr" 2>&1 &
    local pid=$!
    sleep 0.05
    record_pid dovecot "$pid" || fail_start dovecot "$STATE/log/dovecot.stderr" "$STATE/log/dovecot.log"
    wait_ready dovecot "$IMAP_PORT" "* OK" "$pid" && wait_ready dovecot "$IMAPS_PORT" "" "$pid" \
        || fail_start dovecot "$STATE/log/dovecot.stderr" "$STATE/log/dovecot.log"
    local i
    for ((i = 0; i < 100; i++)); do [ -S "$DC_BASE/lmtp" ] && [ -S "$DC_BASE/auth-postfix" ] && break; sleep 0.1; done
    [ -S "$DC_BASE/lmtp" ] || fail_start dovecot "$STATE/log/dovecot.log"
}

start_postfix() {
    /usr/sbin/postfix -c "$PF_DIR" start >> "$STATE/log/postfix.stderr" 2>&1 || fail_start postfix "$STATE/log/postfix.stderr" "$STATE/log/postfix.log"
    local pid i
    for ((i = 0; i < 50; i++)); do
        pid=$(head -n1 "$PF_DIR/spool/pid/master.pid" 2>/dev/null | tr -d ' ') && [ -n "$pid" ] && break
        sleep 0.1
    done
    [ -n "$pid" ] && record_pid postfix "$pid" || fail_start postfix "$STATE/log/postfix.log"
    wait_ready postfix "$SMTP_PORT" "220" "$pid" && wait_ready postfix "$SUBMISSION_PORT" "220" "$pid" \
        && wait_ready postfix "$SMTPS_PORT" "" "$pid" && wait_ready postfix "$SMTP_NOTLS_PORT" "220" "$pid" && wait_ready postfix "$SMTP_FAULT_PORT" "220" "$pid" || fail_start postfix "$STATE/log/postfix.stderr" "$STATE/log/postfix.log"
}

start_sshd() {
    /usr/sbin/sshd -t -f "$STATE/ssh/sshd_config" 2> "$STATE/log/sshd.stderr" || fail_start sshd "$STATE/log/sshd.stderr"
    setsid /usr/sbin/sshd -D -f "$STATE/ssh/sshd_config" -E "$STATE/log/sshd.log" < /dev/null >> "$STATE/log/sshd.stderr" 2>&1 &
    local pid=$!
    sleep 0.05
    record_pid sshd "$pid" || fail_start sshd "$STATE/log/sshd.stderr" "$STATE/log/sshd.log"
    wait_ready sshd "$SFTP_PORT" "SSH-2.0" "$pid" || fail_start sshd "$STATE/log/sshd.stderr" "$STATE/log/sshd.log"
}

start_vsftpd() {
    setsid /usr/sbin/vsftpd "$STATE/ftp/vsftpd.conf" < /dev/null >> "$STATE/log/vsftpd.stderr" 2>&1 &
    local pid=$!
    sleep 0.05
    record_pid vsftpd "$pid" || fail_start vsftpd "$STATE/log/vsftpd.stderr" "$STATE/log/vsftpd.log"
    wait_ready vsftpd "$FTP_PORT" "220" "$pid" || fail_start vsftpd "$STATE/log/vsftpd.stderr" "$STATE/log/vsftpd.log"
}

fp() { ssh-keygen -l -E "$1" -f "$2" | awk '{print $2}' | sed -e 's/^SHA256://' -e 's/^MD5://' -e 's/://g'; }

write_env() {
    local f=$STATE/testbed.env u
    {
        echo "# generated by testbed.sh start; shell-sourceable KEY=VALUE"
        echo "TESTBED_STATE_DIR=$STATE"
        echo "TESTBED_HOST=$HOST"
        echo "TESTBED_DOMAIN=$DOMAIN"
        echo "TESTBED_IMAP_PORT=$IMAP_PORT"
        echo "TESTBED_IMAPS_PORT=$IMAPS_PORT"
        echo "TESTBED_SMTP_PORT=$SMTP_PORT"
        echo "TESTBED_SUBMISSION_PORT=$SUBMISSION_PORT"
        echo "TESTBED_SMTPS_PORT=$SMTPS_PORT"
        echo "TESTBED_SMTP_NOTLS_PORT=$SMTP_NOTLS_PORT"
        echo "TESTBED_SMTP_FAULT_PORT=$SMTP_FAULT_PORT"
        echo "TESTBED_SFTP_PORT=$SFTP_PORT"
        [ "$ENABLE_FTP" = 1 ] && echo "TESTBED_FTP_PORT=$FTP_PORT"
        echo "TESTBED_CA_CERT=$STATE/tls/ca.crt"
        for u in $MAIL_USERS; do
            local name=${u%%@*}
            name=${name^^}; name=${name//[^A-Z0-9]/_}
            echo "TESTBED_USER_${name}=${u%%:*}"
            echo "TESTBED_PASS_${name}=${u#*:}"
            echo "TESTBED_TOKEN_${name}=$(awk -v user="${u%%:*}" '$2 == user { print $1 }' "$STATE/oauth2/tokens")"
        done
        echo "TESTBED_SFTP_USER=$SFTP_USER"
        echo "TESTBED_SFTP_PASSWORD=$SFTP_PASS"
        echo "TESTBED_SFTP_KEY=$STATE/ssh/client_ed25519"
        echo "TESTBED_SFTP_PUBKEY=$STATE/ssh/client_ed25519.pub"
        echo "TESTBED_SFTP_KEY_RSA=$STATE/ssh/client_rsa"
        echo "TESTBED_SFTP_PUBKEY_RSA=$STATE/ssh/client_rsa.pub"
        echo "TESTBED_SFTP_KNOWN_HOSTS=$STATE/ssh/known_hosts"
        echo "TESTBED_SFTP_HOSTKEY_SHA256_ED25519=$(fp sha256 "$STATE/ssh/ssh_host_ed25519_key.pub")"
        echo "TESTBED_SFTP_HOSTKEY_SHA256_RSA=$(fp sha256 "$STATE/ssh/ssh_host_rsa_key.pub")"
        echo "TESTBED_SFTP_HOSTKEY_MD5_ED25519=$(fp md5 "$STATE/ssh/ssh_host_ed25519_key.pub")"
        echo "TESTBED_SFTP_HOSTKEY_MD5_RSA=$(fp md5 "$STATE/ssh/ssh_host_rsa_key.pub")"
        echo "TESTBED_DROP_DIR=$STATE/drop/$SFTP_USER/incoming"
        echo "TESTBED_SFTP_DROP_URL=sftp://$HOST:$SFTP_PORT/~/incoming/"
        [ "$ENABLE_FTP" = 1 ] && echo "TESTBED_FTP_DROP_URL=ftp://$HOST:$FTP_PORT/incoming/"
        echo "TESTBED_DOVECOT_CONF=$DC_CONF"
    } > "$f"
    # the same as JSON for test code
    {
        echo "{"
        grep -v '^#' "$f" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^\([A-Z0-9_]*\)=\(.*\)$/  "\1": "\2",/' | sed '$ s/,$//'
        echo "}"
    } > "$STATE/testbed.json"
}

all_running() {
    local s pid
    for s in tokeninfo dovecot postfix sshd; do live_pid "$s" >/dev/null || return 1; done
    [ "$ENABLE_FTP" = 1 ] && { live_pid vsftpd >/dev/null || return 1; }
    [ -s "$STATE/testbed.env" ] || return 1
    local p; for p in $(all_ports); do port_open "$p" || return 1; done
    return 0
}

cmd_start() {
    local t0; t0=$(now)
    mkdir -p "$STATE"
    chmod 755 "$STATE"
    mkdir -p "$STATE/log" "$STATE/pids" "$STATE/run"
    touch "$STATE/.testbed"
    ensure_packages
    if all_running; then
        log "already running (state $STATE)"
        grep -v '^#' "$STATE/testbed.env"
        return 0
    fi
    stop_all   # partial or crashed previous run: stop what is left of it, clear stale pid files
    ensure_accounts
    runuser -u mail -- test -x "$STATE" || die "STATE_DIR $STATE (or a parent) is not traversable by other users"
    ensure_tls
    ensure_ssh_keys
    write_dovecot
    write_postfix
    # Postfix pauses (up to ~2 s) before reading a config/table file modified within the last second
    touch -d "@$(( $(date +%s) - 5 ))" "$PF_DIR"/*
    write_global_fault none   # a fresh start never inherits an smtp-fault setting
    write_sshd
    [ "$ENABLE_FTP" = 1 ] && write_vsftpd
    check_ports_free
    printf 'TESTBED_PORT_BASE=%s\nTESTBED_FTP=%s\nTESTBED_SFTP_USER=%s\nTESTBED_SFTP_PASSWORD=%s\nTESTBED_EXTRA_USERS=%s\n' \
        "$BASE" "$ENABLE_FTP" "$SFTP_USER" "$SFTP_PASS" "$EXTRA_USERS" > "$STATE/settings"
    local t1; t1=$(now)
    start_tokeninfo
    start_dovecot
    start_postfix
    start_sshd
    [ "$ENABLE_FTP" = 1 ] && start_vsftpd
    write_env
    log "started in $(elapsed "$t0")s (daemons: $(elapsed "$t1")s); env: $STATE/testbed.env, json: $STATE/testbed.json"
    grep -v '^#' "$STATE/testbed.env"
}

cmd_stop() {
    [ -d "$STATE" ] || { log "no state dir $STATE"; return 0; }
    stop_all
}

cmd_status() {
    local s pid rc=0 p
    for s in $SERVICES; do
        [ "$s" = vsftpd ] && [ "$ENABLE_FTP" != 1 ] && continue
        if pid=$(live_pid "$s"); then
            printf '%-8s running  pid %-7s (%s processes incl. children)\n' "$s" "$pid" "$(( $(descendants "$pid" | wc -w) + 1 ))"
        else
            printf '%-8s stopped\n' "$s"; rc=1
        fi
    done
    for p in $(all_ports); do
        if port_open "$p"; then printf 'port %-6s open\n' "$p"; else printf 'port %-6s closed\n' "$p"; rc=1; fi
    done
    return $rc
}

doveadm_() { /usr/bin/doveadm -c "$DC_CONF" "$@"; }

ensure_mailbox() { # user mailbox
    [ "$2" = INBOX ] && { doveadm_ mailbox status -u "$1" messages INBOX >/dev/null; return; }
    doveadm_ mailbox create -u "$1" "$2" 2>/dev/null || doveadm_ mailbox status -u "$1" messages "$2" >/dev/null
}

cmd_seed() { # user mailbox files...
    local user=$1 mbox=$2 f; shift 2
    ensure_mailbox "$user" "$mbox"
    for f in "$@"; do doveadm_ save -u "$user" -m "$mbox" < "$f"; done
}

cmd_seed_bulk() { # user mailbox count [template.eml]
    local user=$1 mbox=$2 count=$3 tmpl=${4:-} dir i base date body=""
    [[ $count =~ ^[0-9]+$ ]] || die "COUNT must be a number"
    ensure_mailbox "$user" "$mbox"
    dir=$(doveadm_ mailbox path -u "$user" "$mbox")
    [ -d "$dir/new" ] && [ -d "$dir/tmp" ] || die "no Maildir at '$dir'"
    [ -n "$tmpl" ] && body=$(<"$tmpl")
    base=$(( $(date +%s) - count ))
    local host=testbed tag=$$
    for ((i = 1; i <= count; i++)); do
        # name = <time>.P<pid>Q<n>.<host>: dovecot assigns UIDs in filename-time order
        printf -v date '%(%a, %d %b %Y %H:%M:%S %z)T' "$((base + i))"
        if [ -n "$tmpl" ]; then
            printf 'X-Testbed-Seq: %d\n%s\n' "$i" "$body" > "$dir/tmp/$((base + i)).P${tag}Q$i.$host"
        else
            printf 'From: Seeder <seeder@%s>\nTo: %s\nSubject: Seed message %d\nMessage-ID: <seed-%d-%d@%s>\nDate: %s\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\nThis is seeded message number %d.\n' \
                "$DOMAIN" "$user" "$i" "$tag" "$i" "$DOMAIN" "$date" "$i" \
                > "$dir/tmp/$((base + i)).P${tag}Q$i.$host"
        fi
    done
    find "$dir/tmp" -maxdepth 1 -name "*.P${tag}Q*.$host" -exec chown mail:mail {} +
    find "$dir/tmp" -maxdepth 1 -name "*.P${tag}Q*.$host" -exec mv -t "$dir/new/" {} +
}

cmd_smtp_fault() { # none|temp|perm
    live_pid postfix >/dev/null || die "postfix is not running"
    write_global_fault "${1:-}"
    # no reload needed: an idle smtpd sees the changed .db before its next accept() and restarts
    log "smtp-fault set to $1 (applies to new SMTP connections)"
}

case "$CMD" in
    start)  cmd_start ;;
    stop)   cmd_stop ;;
    status) cmd_status ;;
    env)    cat "$STATE/testbed.env" ;;
    seed)   shift 2; (($# >= 3)) || usage; cmd_seed "$@" ;;
    seed-bulk) shift 2; (($# >= 3)) || usage; cmd_seed_bulk "$@" ;;
    smtp-fault) shift 2; cmd_smtp_fault "${1:-}" ;;
    *) usage ;;
esac

#!/bin/sh
# Per-device accounts for Squircle on Mosquitto 2's dynamic security plugin
# (broker/README.md, "Per-device accounts"). Each device signs in with its
# own account, which may use only the topics of its own channels; join
# requests share one role, since their topics are one-time and sealed.
#
#   squircle-dynsec.sh setup                      # once: deny by default, the join role
#   squircle-dynsec.sh add-device <name>          # a device's account (asks for its password)
#   squircle-dynsec.sh grant <name> <prefix>      # the channel prefix the device's panel shows
#   squircle-dynsec.sh revoke <name> <prefix>     # that channel no longer, for that device
#   squircle-dynsec.sh remove-device <name>
#
# How it reaches the broker: SQUIRCLE_CTRL holds mosquitto_ctrl's connect
# options, e.g. SQUIRCLE_CTRL='-h 127.0.0.1 -p 1883 -u admin' (it then asks
# for the admin password; add -P only where no one else can see the command
# line). SQUIRCLE_DEVICE_PASSWORD, when set, is the new device's password
# (for scripts); otherwise mosquitto_ctrl asks for it.
set -eu

JOIN_TOPICS='sq/v1/j/#'
JOIN_ROLE='squircle-join'
# MOSQUITTO_CTRL: how to run mosquitto_ctrl, e.g. 'docker compose exec -T mosquitto mosquitto_ctrl'.
CTRL=${MOSQUITTO_CTRL:-mosquitto_ctrl}

die() {
  echo "squircle-dynsec: $*" >&2
  exit 2
}

# shellcheck disable=SC2086 # MOSQUITTO_CTRL and SQUIRCLE_CTRL are lists of words
ctrl() { $CTRL ${SQUIRCLE_CTRL:-} dynsec "$@"; }

# Runs a command that may fail only because what it makes exists already.
ensure() {
  out=$(ctrl "$@" 2>&1) && return 0
  case $out in
  *"already exists"* | *"already in"* | *"already has"*) return 0 ;;
  *) die "$* failed: $out" ;;
  esac
}

# Read and write under a topic filter: publish, receive and subscribe.
allow() {
  ensure addRoleACL "$1" publishClientSend "$2" allow
  ensure addRoleACL "$1" publishClientReceive "$2" allow
  ensure addRoleACL "$1" subscribePattern "$2" allow
}

# A channel's prefix as the panel shows it: sq/ and letters, digits, - _ / only.
check_prefix() {
  case $1 in
  sq/*) ;;
  *) die "a channel prefix starts with sq/ (the panel shows it under For the broker's administrator): $1" ;;
  esac
  case $1 in
  *[!A-Za-z0-9/_-]*) die "not a channel prefix: $1" ;;
  esac
}

role_of() { echo "squircle-channel:${1%/}"; }

cmd=${1:-}
[ $# -gt 0 ] && shift
case $cmd in
setup)
  [ $# -eq 0 ] || die "usage: setup"
  ctrl setDefaultACLAccess publishClientSend deny
  ctrl setDefaultACLAccess publishClientReceive deny
  ctrl setDefaultACLAccess subscribe deny
  ensure createRole "$JOIN_ROLE"
  allow "$JOIN_ROLE" "$JOIN_TOPICS"
  ;;
add-device)
  [ $# -eq 1 ] || die "usage: add-device <name>"
  if [ -n "${SQUIRCLE_DEVICE_PASSWORD:-}" ]; then
    ctrl createClient "$1" -p "$SQUIRCLE_DEVICE_PASSWORD"
  else
    ctrl createClient "$1"
  fi
  ctrl addClientRole "$1" "$JOIN_ROLE"
  ;;
grant)
  [ $# -eq 2 ] || die "usage: grant <name> <prefix>"
  check_prefix "$2"
  role=$(role_of "$2")
  ensure createRole "$role"
  allow "$role" "${2%/}/#"
  ensure addClientRole "$1" "$role"
  ;;
revoke)
  [ $# -eq 2 ] || die "usage: revoke <name> <prefix>"
  check_prefix "$2"
  ctrl removeClientRole "$1" "$(role_of "$2")"
  ;;
remove-device)
  [ $# -eq 1 ] || die "usage: remove-device <name>"
  ctrl deleteClient "$1"
  ;;
*)
  die "usage: setup | add-device <name> | grant <name> <prefix> | revoke <name> <prefix> | remove-device <name>"
  ;;
esac

#!/bin/sh
# One command for a Squircle broker on a fresh server with Docker:
#
#   ./setup.sh mqtt.example.org
#
# Gets a Let's Encrypt certificate for that name (port 80 must reach this
# server for a minute), starts Mosquitto (compose.yaml) on 443 with the
# dynamic security plugin, and sets Squircle's defaults: deny by default,
# join topics for every device. It asks for a new administrator password.
# Then add devices and grant channels with ../squircle-dynsec.sh (it prints how).
# Renewal: run ./renew.sh from cron (certbot renews when due, then Mosquitto reloads).
set -eu
cd "$(dirname "$0")"
domain=${1:?usage: ./setup.sh <domain name of this server>}
command -v docker >/dev/null || {
  echo "Docker is needed: https://docs.docker.com/engine/install/" >&2
  exit 1
}
mkdir -p certs data letsencrypt
printf '%s\n' "$domain" >domain

docker run --rm -p 80:80 -v "$PWD/letsencrypt:/etc/letsencrypt" certbot/certbot:v3.0.1 \
  certonly --standalone --non-interactive --agree-tos --register-unsafely-without-email -d "$domain"
./renew.sh --copy-only

if [ ! -f data/dynamic-security.json ]; then
  echo "A password for the broker's administrator account (admin):"
  docker compose run --rm --no-deps mosquitto \
    mosquitto_ctrl dynsec init /mosquitto/data/dynamic-security.json admin
fi
# The container runs as the mosquitto user (uid 1883).
chown -R 1883:1883 data
docker compose up -d

export MOSQUITTO_CTRL='docker compose exec -T mosquitto mosquitto_ctrl'
export SQUIRCLE_CTRL='-h 127.0.0.1 -p 1883 -u admin'
../squircle-dynsec.sh setup

cat <<DONE
The broker runs. In Squircle: Co-leaders, Where do we meet?, Broker address: wss://$domain
Each device gets an account (the leader saves it under Broker sign-in):
  MOSQUITTO_CTRL='$MOSQUITTO_CTRL' SQUIRCLE_CTRL='$SQUIRCLE_CTRL' ../squircle-dynsec.sh add-device <name>
and each channel, once a leader invites (the prefix is in the group's card):
  MOSQUITTO_CTRL='$MOSQUITTO_CTRL' SQUIRCLE_CTRL='$SQUIRCLE_CTRL' ../squircle-dynsec.sh grant <name> <prefix>
DONE

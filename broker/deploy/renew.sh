#!/bin/sh
# Renews the certificate when due and hands it to Mosquitto, which re-reads
# certfile and keyfile on SIGHUP. From cron, e.g. daily:
#   17 3 * * * /path/to/broker/deploy/renew.sh
# --copy-only: only copy the current certificate where the container reads it (setup.sh).
set -eu
cd "$(dirname "$0")"
domain=$(cat domain)
if [ "${1:-}" != --copy-only ]; then
  # Standalone needs port 80 only; Mosquitto keeps serving on 443 meanwhile.
  docker run --rm -p 80:80 -v "$PWD/letsencrypt:/etc/letsencrypt" certbot/certbot:v3.0.1 renew --standalone --quiet
fi
cp -L "letsencrypt/live/$domain/fullchain.pem" "letsencrypt/live/$domain/privkey.pem" certs/
chown 1883:1883 certs/*.pem
chmod 640 certs/privkey.pem
if [ "${1:-}" != --copy-only ]; then
  docker compose kill -s SIGHUP mosquitto
fi

#!/bin/sh
# Runs from the nginx image's /docker-entrypoint.d/ before nginx starts (compose mounts it there): without the
# site's certificate nginx must not start at all (no plain-HTTP fallback), and the operator gets one line
# naming the missing file instead of nginx's OpenSSL error. NGINX_CERT_DIR overrides the folder (tests).
dir="${NGINX_CERT_DIR:-/etc/nginx/certs}"
for f in fullchain.pem privkey.pem; do
  if [ ! -s "$dir/$f" ]; then
    echo "nginx: missing TLS certificate file $dir/$f (mount fullchain.pem and privkey.pem via DOCCHAT_TLS_DIR, see ops/DEPLOY.md)" >&2
    exit 1
  fi
done

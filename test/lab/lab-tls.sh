#!/usr/bin/env bash
# Certificates for the lab engines' TLS listeners (tcp://10.213.0.1N:2376, --tlsverify):
# a throwaway CA, a server certificate per node (its address and hostname), and one
# client certificate laid out as DOCKER_CERT_PATH expects (ca.pem, cert.pem, key.pem).
#
# Usage: lab-tls.sh DIR NODES NET     e.g. lab-tls.sh /var/lib/stlab/tls 3 10.213.0
set -euo pipefail

dir=$1 nodes=$2 net=$3
command -v openssl >/dev/null 2>&1 || { echo "stlab: error: missing binary: openssl" >&2; exit 1; }
rm -rf "$dir"
mkdir -p "$dir/client"
cd "$dir"

key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:prime256v1 -out "$1" 2>/dev/null; }
sign() {  # name, key, subject, extensions -> name.pem signed by the lab CA
  local ext
  ext=$(mktemp)
  printf '%s\n' "$4" >"$ext"
  openssl req -new -key "$2" -subj "$3" -out "$1.csr" 2>/dev/null
  openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 30 -extfile "$ext" -out "$1.pem" 2>/dev/null
  rm -f "$1.csr" "$ext"
}

key ca-key.pem
openssl req -x509 -new -key ca-key.pem -subj /CN=stlab-ca -days 30 -out ca.pem 2>/dev/null
for ((n = 1; n <= nodes; n++)); do
  key "node$n-key.pem"
  sign "node$n-cert" "node$n-key.pem" "/CN=node$n" "subjectAltName=IP:$net.$((10 + n)),DNS:node$n
extendedKeyUsage=serverAuth"
done
key client/key.pem
sign client/cert client/key.pem /CN=stlab-client "extendedKeyUsage=clientAuth"
cp ca.pem client/ca.pem
chmod 600 ./*-key.pem client/key.pem

#!/usr/bin/env bash
# Release dry run: runs `mvn -P release deploy` as a release would, on a copy of this working tree set to a release
# version, signing every artifact with a throwaway gpg key, and uploads the Maven Central bundle to a stand-in
# for the Central Publisher Portal on 127.0.0.1 (nothing leaves the machine). Then checks the bundle the stand-in
# received: for every published module the jar, the sources jar, the javadoc jar and the POM, each with checksums
# and a verified .asc signature; the parent POM and the BOM; and nothing from the modules never published.
#
#   scripts/check-release.sh [VERSION]      VERSION defaults to the project version without -SNAPSHOT
#
# Environment: MVN_ARGS (extra Maven arguments), KEEP=1 (keep the temporary directory), NO_SIGN=1 (do not sign,
# as when gpg is not installed; the .asc files are then not checked).
# Maven must not be offline (-o): the publishing plugin skips its goal, staging included, in offline mode. Nothing
# is installed into ~/.m2. Takes as long as a full build without tests: not part of `mvn verify`.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CURRENT=$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' "$ROOT/pom.xml" | head -n 1)
VERSION=${1:-${CURRENT%-SNAPSHOT}}
GROUP_PATH=dev/agentguard

# What must be in the bundle: every library module (jar, sources, javadoc, pom) and the two POM-only artifacts.
JARS=(agent-guard-api agent-guard-core agent-guard-sandbox agent-guard-ops agent-guard-otel agent-guard-langchain4j
  agent-guard-postgres agent-guard-console agent-guard-mcp agent-guard-spring-ai agent-guard-cli agent-guard-test)
POMS=(agent-guard-parent agent-guard-bom)
# What must not be: the modules that exist only to build, test or demonstrate.
NEVER=(agent-guard-benchmarks agent-guard-examples agent-guard-examples-spring-ai agent-guard-consumer-it)

WORK=$(mktemp -d "${TMPDIR:-/tmp}/agent-guard-release.XXXXXX")
PORTAL_PID=
cleanup() {
  if [ -n "$PORTAL_PID" ]; then
    kill "$PORTAL_PID" 2>/dev/null || true
  fi
  if [ -d "$WORK/gnupg" ]; then
    GNUPGHOME="$WORK/gnupg" gpgconf --kill gpg-agent 2>/dev/null || true
  fi
  if [ "${KEEP:-0}" = 1 ]; then
    echo "check-release: kept $WORK"
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT

fail() {
  echo "check-release: FAIL: $*" >&2
  exit 1
}

# 1. A copy of the working tree (tracked and new files, not ignored ones), set to the release version.
mkdir -p "$WORK/src"
(cd "$ROOT" && git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf -) | tar -xf - -C "$WORK/src"
find "$WORK/src" -name pom.xml -exec sed -i "s:<version>$CURRENT</version>:<version>$VERSION</version>:" {} +
echo "check-release: $CURRENT -> $VERSION in $WORK/src"

# 2. A throwaway signing key in a GNUPGHOME of its own.
SIGN_ARGS=()
if [ "${NO_SIGN:-0}" = 1 ] || ! command -v gpg >/dev/null 2>&1; then
  echo "check-release: gpg not installed (or NO_SIGN=1): artifacts are not signed, .asc files are not checked"
  SIGN_ARGS=(-Dgpg.skip=true)
  SIGNED=0
else
  export GNUPGHOME="$WORK/gnupg"
  mkdir -m 700 "$GNUPGHOME"
  gpg --batch --quiet --passphrase '' --quick-gen-key 'agent-guard release dry run <dry-run@agentguard.invalid>' \
    ed25519 sign 1d
  SIGNED=1
fi

# 3. A stand-in for the portal's publisher API on a loopback port: it keeps the uploaded bundle and reports the
# deployment VALIDATED, as the real portal does before someone presses Publish (the profile does not auto-publish).
cat > "$WORK/portal.py" <<'PORTAL'
import email.parser, json, sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

work = sys.argv[1]


class Portal(BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        if self.path.startswith("/api/v1/publisher/upload"):
            head = ("Content-Type: " + self.headers["Content-Type"] + "\r\n\r\n").encode()
            message = email.parser.BytesParser().parsebytes(head + body)
            with open(work + "/uploaded-bundle.zip", "wb") as out:
                out.write(message.get_payload()[0].get_payload(decode=True))
            self.answer(201, "text/plain", b"dry-run-deployment")
        elif self.path.startswith("/api/v1/publisher/status"):
            status = {"deploymentId": "dry-run-deployment", "deploymentName": "Deployment",
                      "deploymentState": "VALIDATED", "purls": [], "errors": {}}
            self.answer(200, "application/json", json.dumps(status).encode())
        else:
            self.answer(404, "text/plain", b"not part of the dry run")

    def answer(self, code, kind, data):
        self.send_response(code)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, fmt, *args):
        with open(work + "/portal.log", "a") as log:
            log.write(fmt % args + "\n")


server = ThreadingHTTPServer(("127.0.0.1", 0), Portal)
with open(work + "/portal.port", "w") as port:
    port.write(str(server.server_address[1]))
server.serve_forever()
PORTAL
python3 "$WORK/portal.py" "$WORK" &
PORTAL_PID=$!
for _ in $(seq 300); do
  [ -s "$WORK/portal.port" ] && break
  sleep 0.1
done
[ -s "$WORK/portal.port" ] || fail "the stand-in portal did not start"

# 4. The release build. Credentials that open nothing, for the server id the profile names; the user's own
# settings, if any, stay in force as global settings (mirrors, proxies). Nothing is installed into ~/.m2.
cat > "$WORK/settings.xml" <<'SETTINGS'
<settings>
  <servers>
    <server>
      <id>central</id>
      <username>dry-run</username>
      <password>dry-run</password>
    </server>
  </servers>
</settings>
SETTINGS
SETTINGS_ARGS=(-s "$WORK/settings.xml")
if [ -f "$HOME/.m2/settings.xml" ]; then
  SETTINGS_ARGS+=(-gs "$HOME/.m2/settings.xml")
fi
(cd "$WORK/src" && mvn -B ${MVN_ARGS:-} "${SETTINGS_ARGS[@]}" -P release "${SIGN_ARGS[@]}" -DskipTests \
  -DskipConsumerIT=true -Dmaven.install.skip=true -DcentralBaseUrl="http://127.0.0.1:$(cat "$WORK/portal.port")" \
  deploy) > "$WORK/build.log" 2>&1 \
  || { tail -n 60 "$WORK/build.log" >&2; fail "the release build failed (log: $WORK/build.log; KEEP=1 keeps it)"; }

BUNDLE="$WORK/uploaded-bundle.zip"
[ -s "$BUNDLE" ] || fail "the build uploaded no bundle"
mkdir -p "$WORK/bundle"
(cd "$WORK/bundle" && unzip -q "$BUNDLE")

# 5. The bundle's content.
expect() {
  local file="$WORK/bundle/$1"
  [ -s "$file" ] || fail "missing from the bundle: $1"
  for sum in md5 sha1; do
    [ -s "$file.$sum" ] || fail "missing from the bundle: $1.$sum"
  done
  if [ "$SIGNED" = 1 ]; then
    [ -s "$file.asc" ] || fail "missing from the bundle: $1.asc"
    gpg --batch --quiet --verify "$file.asc" "$file" 2>/dev/null || fail "bad signature: $1.asc"
  fi
}
count=0
for a in "${JARS[@]}"; do
  dir="$GROUP_PATH/$a/$VERSION"
  for suffix in .jar -sources.jar -javadoc.jar .pom; do
    expect "$dir/$a-$VERSION$suffix"
    count=$((count + 1))
  done
  # (listings first: grep -q stopping early would fail the pipe under pipefail)
  javadoc=$(unzip -Z1 "$WORK/bundle/$dir/$a-$VERSION-javadoc.jar")
  grep -qx 'index.html' <<<"$javadoc" || fail "$a's javadoc jar has no index.html"
  sources=$(unzip -Z1 "$WORK/bundle/$dir/$a-$VERSION-sources.jar")
  grep -q '\.java$' <<<"$sources" || fail "$a's sources jar has no source"
  grep -q "<version>$VERSION</version>" "$WORK/bundle/$dir/$a-$VERSION.pom" || fail "$a's POM is not at $VERSION"
done
for a in "${POMS[@]}"; do
  expect "$GROUP_PATH/$a/$VERSION/$a-$VERSION.pom"
  count=$((count + 1))
done
# Central refuses a POM without this metadata; the modules inherit it from the parent, the BOM has its own.
for a in "${POMS[@]}"; do
  pom="$WORK/bundle/$GROUP_PATH/$a/$VERSION/$a-$VERSION.pom"
  for element in name description url licenses developers scm; do
    grep -q "<$element[ >]" "$pom" || fail "$a's POM has no <$element>"
  done
done
for a in "${NEVER[@]}"; do
  [ ! -e "$WORK/bundle/$GROUP_PATH/$a" ] || fail "$a must not be published, but is in the bundle"
done
if [ "$SIGNED" = 1 ]; then
  signed="signed and verified"
else
  signed="not signed"
fi
echo "check-release: OK: $count artifacts for ${#JARS[@]} modules and ${#POMS[@]} POMs at $VERSION, $signed;" \
  "${#NEVER[@]} build-only modules left out"

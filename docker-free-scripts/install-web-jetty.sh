#!/usr/bin/env bash
# Installs the iras web tier on a bare host as a WAR on a standalone Jetty 12 (jetty-home, ee10 deploy module).
#
#   install-web-jetty.sh [--war FILE] [--jetty-home DIR] [--base DIR] [--port N] [--env FILE] [--foreground]
#
# --war         the WAR to deploy (default: webapp-war/target/iras-webapp-*.war of this checkout; built if missing)
# --jetty-home  an unpacked jetty-home to use; without it, jetty-home $JETTY_VERSION is fetched with Maven from
#               the repositories Maven is set up with, into /opt (or $IRAS_PREFIX)
# --base        the Jetty base to create or update (default /opt/iras/jetty-base)
# --port        HTTP port (default 8000, the course's)
# --env         settings file of IRAS_* lines (default /etc/iras/iras.env): IRAS_S3_ENDPOINT, IRAS_DEPLOYMENT, …
# --foreground  run Jetty in this terminal instead of installing a systemd unit
#
# The WAR reads its settings from IRAS_* environment variables, as every iras process does.
set -euo pipefail

JETTY_VERSION="${JETTY_VERSION:-12.1.12}"
prefix="${IRAS_PREFIX:-/opt}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
war=""
jetty_home=""
base="$prefix/iras/jetty-base"
port=8000
env_file=/etc/iras/iras.env
foreground=false

while [ $# -gt 0 ]; do
  case "$1" in
    --war) war="$2"; shift 2 ;;
    --jetty-home) jetty_home="$2"; shift 2 ;;
    --base) base="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --env) env_file="$2"; shift 2 ;;
    --foreground) foreground=true; shift ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "install-web-jetty.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

say() { echo "install-web-jetty: $*" >&2; }

command -v java >/dev/null || { say "Java 17 or newer is needed: apt-get install -y openjdk-17-jre-headless"; exit 1; }
java_major="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
if [ "${java_major%%.*}" -lt 17 ]; then
  say "Java $java_major found; Jetty 12 and iras need 17 or newer"
  exit 1
fi

if [ -z "$war" ]; then
  war="$(ls "$root"/webapp-war/target/iras-webapp-*.war 2>/dev/null | head -1 || true)"
  if [ -z "$war" ]; then
    say "building the WAR"
    (cd "$root" && mvn -q -B -DskipTests -pl webapp-war -am package)
    war="$(ls "$root"/webapp-war/target/iras-webapp-*.war | head -1)"
  fi
fi
[ -f "$war" ] || { say "no WAR at $war"; exit 1; }

if [ -z "$jetty_home" ]; then
  jetty_home="$prefix/jetty-home-$JETTY_VERSION"
  if [ ! -f "$jetty_home/start.jar" ]; then
    say "fetching jetty-home $JETTY_VERSION"
    download="$(mktemp -d)"
    mvn -q -B dependency:copy -Dartifact="org.eclipse.jetty:jetty-home:$JETTY_VERSION:tar.gz" \
      -DoutputDirectory="$download"
    mkdir -p "$prefix"
    tar -xzf "$download/jetty-home-$JETTY_VERSION.tar.gz" -C "$prefix"
    rm -rf "$download"
  fi
fi
[ -f "$jetty_home/start.jar" ] || { say "$jetty_home is not a jetty-home (no start.jar)"; exit 1; }
jetty_home="$(cd "$jetty_home" && pwd)"

mkdir -p "$base"
base="$(cd "$base" && pwd)"
# Idempotent: modules already enabled are left as they are.
java -jar "$jetty_home/start.jar" jetty.home="$jetty_home" jetty.base="$base" \
  --add-modules=http,ee10-deploy >/dev/null 2>&1 \
  || java -jar "$jetty_home/start.jar" jetty.home="$jetty_home" jetty.base="$base" --add-modules=http,ee10-deploy
mkdir -p "$base/webapps"
# ROOT is the context "/": the course's clients POST to the server's root.
cp "$war" "$base/webapps/ROOT.war"
printf 'environment=ee10\n' > "$base/webapps/ROOT.properties"
say "deployed $(basename "$war") as / in $base (Jetty $(cat "$jetty_home/VERSION.txt" 2>/dev/null | head -1 | cut -d' ' -f1))"

start=(java -Xmx2g -jar "$jetty_home/start.jar" jetty.home="$jetty_home" jetty.base="$base" jetty.http.port="$port")

if $foreground; then
  if [ -f "$env_file" ]; then
    set -a
    # shellcheck disable=SC1090
    . "$env_file"
    set +a
  fi
  say "starting Jetty on port $port"
  exec "${start[@]}"
fi

if ! command -v systemctl >/dev/null; then
  say "no systemd here; start it with: ${start[*]}  (IRAS_* settings in the environment)"
  exit 0
fi
unit=/etc/systemd/system/iras-web-jetty.service
cat > "$unit" <<UNIT
# iras web tier as a WAR on standalone Jetty; written by install-web-jetty.sh.
[Unit]
Description=iras web tier (Jetty $JETTY_VERSION)
After=network-online.target
Wants=network-online.target

[Service]
EnvironmentFile=-$env_file
WorkingDirectory=$base
ExecStart=${start[*]}
Restart=on-failure
RestartSec=2

[Install]
WantedBy=multi-user.target
UNIT
systemctl daemon-reload
systemctl enable --now iras-web-jetty
say "iras-web-jetty is running on port $port; settings in $env_file, logs with: journalctl -u iras-web-jetty"

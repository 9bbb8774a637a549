#!/usr/bin/env bash
# Offline validation of Ferry's deployment files; no Docker engine and no Kubernetes cluster needed.
#   docker-compose.yml   compose-spec JSON schema + Ferry's rules (deploy/validate/validate.mjs); also
#                        `docker compose config` / `docker-compose config` when one of them is installed
#   deploy/              `kubectl kustomize` of deploy/base, deploy/overlays/example and the example with
#                        deploy/components/mqtt-tls, then every object against Kubernetes' types (kubernetes-models,
#                        kubernetes-types via TypeScript), Strimzi's CRD fields (strict subset), cross-references and
#                        Ferry's rules (validate.mjs)
#   deploy/monitoring/   the Grafana dashboard and Prometheus alert rules: structure, PromQL syntax basics, and
#                        every metric name in metric-names.txt (which StandaloneMetricsIT checks against a scrape)
#   pom.xml              the "images" profile resolves (mvn help:effective-pom), and the broker module's builds a
#                        plain Java image of io.ferry.broker.BrokerMain declaring ports 1883 and 8081
# Needs bash, node and npm (npm registry), java and mvn (Maven Central); kubectl is optional (without it the base
# files are checked as written and the overlays are not rendered). Exits non-zero on the first failing step.
# The broker's HiveMQ config.xml is generated at start by the broker (HiveMqConfigXml) and checked by its tests.
# What this does not prove (a daemon, a cluster, image pulls): docs/operations.md "What is verified".
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
step() { printf '\n== %s\n' "$*"; }

step "npm tools (deploy/validate/package-lock.json)"
cp deploy/validate/package.json deploy/validate/package-lock.json deploy/validate/validate.mjs \
    deploy/validate/monitoring.mjs "$work/"
(cd "$work" && npm ci --no-audit --no-fund --loglevel=error)

step "kustomize"
if command -v kubectl > /dev/null 2>&1; then
    kubectl kustomize deploy/base > "$work/base.yaml"
    kubectl kustomize deploy/overlays/example > "$work/example.yaml"
    # The optional TLS component on top of the example, with a stand-in for the Secret it needs (kustomize takes
    # only relative paths to other kustomizations).
    mkdir "$work/example-tls"
    rel=$(realpath --relative-to="$work/example-tls" "$root/deploy")
    printf '%s\n' "apiVersion: kustomize.config.k8s.io/v1beta1" "kind: Kustomization" \
        "resources: [$rel/overlays/example, mqtt-tls-secret.yaml]" "components: [$rel/components/mqtt-tls]" \
        > "$work/example-tls/kustomization.yaml"
    printf '%s\n' "apiVersion: v1" "kind: Secret" "metadata: {name: ferry-mqtt-tls}" "type: Opaque" \
        "stringData: {keystore.p12: placeholder, keystore-password: placeholder}" > "$work/example-tls/mqtt-tls-secret.yaml"
    kubectl kustomize "$work/example-tls" > "$work/example-tls.yaml"
    k8s=(--k8s "base=$work/base.yaml" --k8s "example=$work/example.yaml" --k8s "example+mqtt-tls=$work/example-tls.yaml")
    echo "rendered deploy/base ($(grep -c '^kind:' "$work/base.yaml") objects), deploy/overlays/example ($(grep -c '^kind:' "$work/example.yaml") objects)," \
        "example + components/mqtt-tls ($(grep -c '^kind:' "$work/example-tls.yaml") objects)"
else
    echo "kubectl not found: checking deploy/base's files as written; the overlays are not rendered"
    # The resources listed in deploy/base/kustomization.yaml, in order.
    sed -n '/^resources:/,/^[a-z]/s/^  - //p' deploy/base/kustomization.yaml | while read -r f; do
        cat "deploy/base/$f"; printf '\n---\n'
    done > "$work/base.yaml"
    k8s=(--k8s "base=$work/base.yaml")
fi

step "monitoring: Grafana dashboard and Prometheus alert rules (deploy/monitoring)"
(cd "$work" && node monitoring.mjs --dashboard "$root/deploy/monitoring/ferry-dashboard.json" \
    --rules "$root/deploy/monitoring/ferry-alerts.yaml" --names "$root/deploy/monitoring/metric-names.txt")

step "docker-compose.yml and Kubernetes objects"
(cd "$work" && node validate.mjs --compose "$root/docker-compose.yml" "${k8s[@]}")
if docker compose version > /dev/null 2>&1; then
    docker compose -f docker-compose.yml config -q && echo "docker compose config: valid"
elif command -v docker-compose > /dev/null 2>&1; then
    docker-compose -f docker-compose.yml config -q && echo "docker-compose config: valid"
else
    echo "no docker compose client installed: schema check only"
fi

step "Maven profile 'images'"
mvn -B -q -N -Pimages help:effective-pom -Doutput="$work/effective-pom.xml"
grep -q '<artifactId>jib-maven-plugin</artifactId>' "$work/effective-pom.xml"
echo "the images profile resolves (jib-maven-plugin $(sed -n 's:.*<jib-maven-plugin.version>\(.*\)</jib-maven-plugin.version>.*:\1:p' pom.xml))"
mvn -B -q -Pimages help:effective-pom -pl broker -Doutput="$work/broker-pom.xml"
# The broker image: Ferry's own entrypoint on the services' base (not layered on HiveMQ's image), MQTT and health.
tr -d ' \n' < "$work/broker-pom.xml" > "$work/broker-pom.flat"
grep -q '<mainClass>io.ferry.broker.BrokerMain</mainClass>' "$work/broker-pom.flat"
grep -q '<ports[^>]*><port>1883</port><port>8081</port></ports>' "$work/broker-pom.flat"
grep -q '<image>ferry/ferry-broker:' "$work/broker-pom.flat"
if grep -q 'hivemq/hivemq-ce\|<entrypoint>INHERIT' "$work/broker-pom.flat"; then
    echo "the broker image must not be built on hivemq/hivemq-ce" >&2
    exit 1
fi
echo "the broker image: io.ferry.broker.BrokerMain, ports 1883 and 8081, base $(sed -n 's:.*<from><image>\([^<]*\)</image>.*:\1:p' "$work/broker-pom.flat")"

step "deployment files valid"

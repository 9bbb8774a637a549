#!/usr/bin/env bash
# Offline validation of Ferry's deployment files; no Docker engine and no Kubernetes cluster needed.
#   docker-compose.yml   compose-spec JSON schema + Ferry's rules (deploy/validate/validate.mjs); also
#                        `docker compose config` / `docker-compose config` when one of them is installed
#   deploy/              `kubectl kustomize` of deploy/base and deploy/overlays/example, then every object against
#                        Kubernetes' types (kubernetes-models, kubernetes-types via TypeScript), Strimzi's CRD fields
#                        (strict subset) and cross-references (validate.mjs)
#   deploy/hivemq        the broker image's config.xml against HiveMQ CE's config.xsd
#   pom.xml              the "images" profile resolves (mvn help:effective-pom)
# Needs bash, node and npm (npm registry), java and mvn (Maven Central); kubectl is optional (without it the base
# files are checked as written and the overlay is not rendered). Exits non-zero on the first failing step.
# What this does not prove (a daemon, a cluster, image pulls): docs/operations.md "What is verified".
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
step() { printf '\n== %s\n' "$*"; }

step "npm tools (deploy/validate/package-lock.json)"
cp deploy/validate/package.json deploy/validate/package-lock.json deploy/validate/validate.mjs "$work/"
(cd "$work" && npm ci --no-audit --no-fund --loglevel=error)

step "kustomize"
if command -v kubectl > /dev/null 2>&1; then
    kubectl kustomize deploy/base > "$work/base.yaml"
    kubectl kustomize deploy/overlays/example > "$work/example.yaml"
    k8s=(--k8s "base=$work/base.yaml" --k8s "example=$work/example.yaml")
    echo "rendered deploy/base ($(grep -c '^kind:' "$work/base.yaml") objects) and deploy/overlays/example ($(grep -c '^kind:' "$work/example.yaml") objects)"
else
    echo "kubectl not found: checking deploy/base's files as written; the example overlay is not rendered"
    # The resources listed in deploy/base/kustomization.yaml, in order.
    sed -n '/^resources:/,/^[a-z]/s/^  - //p' deploy/base/kustomization.yaml | while read -r f; do
        cat "deploy/base/$f"; printf '\n---\n'
    done > "$work/base.yaml"
    k8s=(--k8s "base=$work/base.yaml")
fi

step "docker-compose.yml and Kubernetes objects"
(cd "$work" && node validate.mjs --compose "$root/docker-compose.yml" "${k8s[@]}")
if docker compose version > /dev/null 2>&1; then
    docker compose -f docker-compose.yml config -q && echo "docker compose config: valid"
elif command -v docker-compose > /dev/null 2>&1; then
    docker-compose -f docker-compose.yml config -q && echo "docker-compose config: valid"
else
    echo "no docker compose client installed: schema check only"
fi

step "HiveMQ config.xml against HiveMQ CE's config.xsd"
hivemq_version=$(sed -n 's:.*<hivemq-ce.version>\(.*\)</hivemq-ce.version>.*:\1:p' pom.xml)
jar="$HOME/.m2/repository/com/hivemq/hivemq-community-edition-embedded/$hivemq_version/hivemq-community-edition-embedded-$hivemq_version.jar"
if [ ! -f "$jar" ]; then
    mvn -B -q dependency:get -Dartifact="com.hivemq:hivemq-community-edition-embedded:$hivemq_version" -Dtransitive=false
fi
java deploy/validate/XsdCheck.java "jar:file:$jar!/config.xsd" deploy/hivemq/root/opt/hivemq/conf/config.xml

step "Maven profile 'images'"
mvn -B -q -N -Pimages help:effective-pom -Doutput="$work/effective-pom.xml"
grep -q '<artifactId>jib-maven-plugin</artifactId>' "$work/effective-pom.xml"
echo "the images profile resolves (jib-maven-plugin $(sed -n 's:.*<jib-maven-plugin.version>\(.*\)</jib-maven-plugin.version>.*:\1:p' pom.xml))"

step "deployment files valid"

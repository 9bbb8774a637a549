// Offline checks of Ferry's monitoring files, run by .ci/validate-deploy.sh:
//   node monitoring.mjs --dashboard deploy/monitoring/ferry-dashboard.json --rules deploy/monitoring/ferry-alerts.yaml
//                       --names deploy/monitoring/metric-names.txt
// Rules: the Prometheus rule-file structure (strict schema: groups, alert/record, expr, for, labels, annotations),
// durations, unique names, severities, annotation templates, and the alerts the issue asks for (stalled uploads,
// export failures, lag). Dashboard: Grafana's JSON model as Ferry uses it (unique ids, grid inside 24 columns and
// not overlapping, every query on the ${datasource} variable). Both: PromQL brackets and strings balanced, range
// durations valid, and every metric name listed in metric-names.txt, the list StandaloneMetricsIT checks against a
// real scrape. Prints every problem and exits 1 if there is any.
import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import Ajv from 'ajv';

const problems = [];
const problem = (where, message) => problems.push(`${where}: ${message}`);
const DURATION = '^([0-9]+(ms|s|m|h|d|w|y))+$';
const METRIC = /\b((?:ferry|kafka|jvm|process)_[a-z0-9_]+)/g;

function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i += 2) {
    args[argv[i].replace(/^--/, '')] = argv[i + 1];
  }
  for (const key of ['dashboard', 'rules', 'names']) {
    if (!args[key]) {
      throw new Error(`missing --${key}`);
    }
  }
  return args;
}

const ruleFileSchema = {
  type: 'object', additionalProperties: false, required: ['groups'],
  properties: {
    groups: {
      type: 'array', minItems: 1,
      items: {
        type: 'object', additionalProperties: false, required: ['name', 'rules'],
        properties: {
          name: { type: 'string', minLength: 1 },
          interval: { type: 'string', pattern: DURATION },
          limit: { type: 'integer', minimum: 0 },
          rules: {
            type: 'array', minItems: 1,
            items: {
              type: 'object', additionalProperties: false, required: ['expr'],
              oneOf: [{ required: ['alert'] }, { required: ['record'] }],
              properties: {
                alert: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
                record: { type: 'string', pattern: '^[a-zA-Z_:][a-zA-Z0-9_:]*$' },
                expr: { type: 'string', minLength: 1 },
                for: { type: 'string', pattern: DURATION },
                keep_firing_for: { type: 'string', pattern: DURATION },
                labels: { type: 'object', additionalProperties: { type: 'string' } },
                annotations: { type: 'object', additionalProperties: { type: 'string' } },
              },
            },
          },
        },
      },
    },
  },
};

/** Brackets and quotes balanced, range selectors with valid durations, label matchers well formed. */
function checkPromql(where, expr) {
  const stack = [];
  const pairs = { ')': '(', ']': '[', '}': '{' };
  let quote = null;
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i];
    if (quote) {
      if (c === '\\') { i++; } else if (c === quote) { quote = null; }
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if ('([{'.includes(c)) {
      stack.push(c);
    } else if (pairs[c]) {
      if (stack.pop() !== pairs[c]) {
        problem(where, `unbalanced '${c}' at ${i} in: ${expr}`);
        return;
      }
    }
  }
  if (quote || stack.length) {
    problem(where, `unclosed ${quote ? 'string' : stack.join('')} in: ${expr}`);
  }
  for (const [, range] of expr.matchAll(/\[([^\]]+)\]/g)) {
    if (range !== '$__rate_interval' && range !== '$__interval' && !new RegExp(DURATION).test(range)) {
      problem(where, `range [${range}] is not a duration`);
    }
  }
  for (const [, body] of expr.matchAll(/\{([^}]*)\}/g)) {
    for (const matcher of body.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/).map((m) => m.trim()).filter(Boolean)) {
      if (!/^[a-zA-Z_][a-zA-Z0-9_]*\s*(=~|!~|!=|=)\s*"(?:[^"\\]|\\.)*"$/.test(matcher)) {
        problem(where, `label matcher '${matcher}' is malformed`);
      }
    }
  }
  if (/\bby\s*\(\s*\)/.test(expr)) {
    problem(where, 'empty by ()');
  }
}

function metricNames(text) {
  return new Set([...text.matchAll(METRIC)].map((m) => m[1]));
}

function checkNames(where, used, listed) {
  for (const name of used) {
    if (!listed.has(name)) {
      problem(where, `uses ${name}, which metric-names.txt does not list (and StandaloneMetricsIT therefore never saw)`);
    }
  }
}

function checkRules(file, listed) {
  const text = readFileSync(file, 'utf8');
  const doc = YAML.parse(text);
  const validate = new Ajv({ allErrors: true, strict: false }).compile(ruleFileSchema);
  if (!validate(doc)) {
    for (const error of validate.errors) {
      problem(file, `${error.instancePath || '/'} ${error.message}`);
    }
    return;
  }
  const alerts = new Set();
  const groups = new Set();
  const used = new Set();
  for (const group of doc.groups) {
    if (groups.has(group.name)) { problem(file, `group ${group.name} twice`); }
    groups.add(group.name);
    for (const rule of group.rules) {
      const where = `${file} ${rule.alert ?? rule.record}`;
      checkPromql(where, rule.expr);
      metricNames(rule.expr).forEach((n) => used.add(n));
      if (rule.alert) {
        if (alerts.has(rule.alert)) { problem(where, 'alert name used twice'); }
        alerts.add(rule.alert);
        if (!['critical', 'warning', 'info'].includes(rule.labels?.severity)) {
          problem(where, 'labels.severity must be critical, warning or info');
        }
        if (!rule.annotations?.summary) { problem(where, 'annotations.summary is required'); }
        for (const value of Object.values(rule.annotations ?? {})) {
          for (const [, inner] of value.matchAll(/\{\{(.*?)\}\}/g)) {
            if (!/^\s*\$(value|labels\.[a-zA-Z_][a-zA-Z0-9_]*)\s*$/.test(inner)) {
              problem(where, `annotation template {{${inner}}} is not $value or $labels.<name>`);
            }
          }
        }
      }
    }
  }
  for (const [metric, what] of [['ferry_transfers_stalled', 'stalled uploads'],
    ['ferry_exporter_failures_total', 'export failures'], ['kafka_consumer_fetch_manager_records_lag_max', 'lag']]) {
    if (!doc.groups.some((g) => g.rules.some((r) => r.alert && r.expr.includes(metric)))) {
      problem(file, `no alert on ${what} (${metric})`);
    }
  }
  checkNames(file, used, listed);
  console.log(`${file}: ${alerts.size} alerts in ${groups.size} group(s), ${used.size} metrics`);
}

function checkDashboard(file, listed) {
  const dash = JSON.parse(readFileSync(file, 'utf8'));
  for (const key of ['title', 'uid']) {
    if (typeof dash[key] !== 'string' || !dash[key]) { problem(file, `${key} missing`); }
  }
  if (!Number.isInteger(dash.schemaVersion)) { problem(file, 'schemaVersion must be an integer'); }
  const variable = (dash.templating?.list ?? []).find((v) => v.name === 'datasource');
  if (!variable || variable.type !== 'datasource' || variable.query !== 'prometheus') {
    problem(file, 'needs a templating variable "datasource" of type datasource, query prometheus');
  }
  const ids = new Set();
  const used = new Set();
  const cells = new Map();
  let queries = 0;
  for (const panel of dash.panels ?? []) {
    const where = `${file} panel ${panel.id} "${panel.title}"`;
    if (!Number.isInteger(panel.id) || ids.has(panel.id)) { problem(where, 'id missing or not unique'); }
    ids.add(panel.id);
    const g = panel.gridPos ?? {};
    if (![g.h, g.w, g.x, g.y].every(Number.isInteger) || g.x < 0 || g.w < 1 || g.x + g.w > 24) {
      problem(where, `gridPos ${JSON.stringify(g)} is outside the 24 columns`);
      continue;
    }
    for (let y = g.y; y < g.y + g.h; y++) {
      for (let x = g.x; x < g.x + g.w; x++) {
        const key = `${x},${y}`;
        if (cells.has(key)) { problem(where, `overlaps panel ${cells.get(key)} at ${key}`); y = g.y + g.h; break; }
        cells.set(key, panel.id);
      }
    }
    if (panel.type === 'row') { continue; }
    if (!['timeseries', 'stat', 'gauge', 'bargauge', 'table'].includes(panel.type)) {
      problem(where, `panel type ${panel.type} is not one Ferry uses`);
    }
    if (panel.datasource?.uid !== '${datasource}') { problem(where, 'datasource must be ${datasource}'); }
    const refIds = new Set();
    if (!Array.isArray(panel.targets) || panel.targets.length === 0) { problem(where, 'no targets'); }
    for (const target of panel.targets ?? []) {
      if (!target.refId || refIds.has(target.refId)) { problem(where, 'refId missing or repeated'); }
      refIds.add(target.refId);
      if (typeof target.expr !== 'string' || !target.expr) { problem(where, 'target without expr'); continue; }
      if (target.datasource && target.datasource.uid !== '${datasource}') {
        problem(where, 'target datasource must be ${datasource}');
      }
      checkPromql(where, target.expr);
      metricNames(target.expr).forEach((n) => used.add(n));
      queries++;
    }
  }
  checkNames(file, used, listed);
  console.log(`${file}: ${ids.size} panels, ${queries} queries, ${used.size} metrics`);
}

const args = parseArgs(process.argv.slice(2));
const listed = new Set(readFileSync(args.names, 'utf8').split('\n').map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#')));
checkRules(args.rules, listed);
checkDashboard(args.dashboard, listed);
if (problems.length) {
  console.error(problems.map((p) => `PROBLEM ${p}`).join('\n'));
  process.exit(1);
}
console.log(`monitoring files: valid (${listed.size} metric names, each checked against a real scrape by StandaloneMetricsIT)`);

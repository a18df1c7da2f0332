// Validates the deployment files against their published schemas (run by ops/check/deploy):
//   node validate-schemas.mjs compose <docker-compose.prod.yml>
//   node validate-schemas.mjs k8s <manifest.yaml>...
//   node validate-schemas.mjs dockerfile <Dockerfile>...
// The compose file against the Compose Specification's JSON schema (as npm dclint bundles it), every
// Kubernetes object against the OpenAPI-derived schema of its apiVersion/kind (npm kubernetes-models), each
// Dockerfile through dockerfile-utils' parser and linter (the engine of the VS Code Docker extension's checks).
// Node modules are resolved from NODE_PATH (ops/check/deploy installs them under .local/check-node).
import { createRequire } from 'node:module';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(path.resolve(process.env.NODE_PATH ?? '.', 'x.js'));
const YAML = require('yaml');
const [mode, ...files] = process.argv.slice(2);
let failed = 0;

function fail(file, message) {
  failed++;
  console.error(`FAIL ${file}: ${message}`);
}

if (mode === 'compose') {
  const Ajv = require('ajv');
  const addFormats = require('ajv-formats');
  // The Compose Specification's own JSON schema (compose-spec/compose-spec, schema/compose-spec.json) as the
  // npm package dclint ships it (MIT; the schema itself Apache-2.0).
  const schema = JSON.parse(readFileSync(path.join(process.env.NODE_PATH, 'dclint/schemas/compose.schema.json'), 'utf8'));
  delete schema.$schema;
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
  addFormats(ajv);
  ajv.addFormat('duration', /^([0-9]+(\.[0-9]+)?(h|m|s|ms|us|ns))+$/);
  const validate = ajv.compile(schema);
  for (const file of files) {
    const doc = YAML.parse(readFileSync(file, 'utf8'), { merge: true, maxAliasCount: -1 });
    if (!validate(doc)) {
      fail(file, ajv.errorsText(validate.errors, { separator: '\n  ' }));
    } else {
      console.log(`ok   ${file}: compose specification schema, ${Object.keys(doc.services).length} services`);
    }
  }
} else if (mode === 'k8s') {
  for (const file of files) {
    const docs = YAML.parseAllDocuments(readFileSync(file, 'utf8')).map(d => d.toJS()).filter(Boolean);
    const kinds = [];
    const failedBefore = failed;
    for (const doc of docs) {
      const [group, version] = doc.apiVersion.includes('/') ? doc.apiVersion.split('/') : [null, doc.apiVersion];
      if (group === 'kustomize.config.k8s.io') {
        // Not an API object: check what `kubectl apply -k` would load exists and stays inside this folder.
        const dir = path.dirname(file);
        for (const r of doc.resources ?? []) {
          const target = path.resolve(dir, r);
          if (!existsSync(target) || (statSync(target).isDirectory() && !existsSync(path.join(target, 'kustomization.yaml')))) {
            fail(file, `resource ${r} is neither a file nor a folder with a kustomization.yaml`);
          }
        }
        for (const g of doc.configMapGenerator ?? []) {
          for (const f of g.files ?? []) {
            const target = path.resolve(dir, f.split('=').pop());
            if (!target.startsWith(dir + path.sep) || !existsSync(target)) fail(file, `configMapGenerator ${g.name}: ${f} missing or outside ${dir}`);
          }
        }
        kinds.push(`Kustomization(${(doc.resources ?? []).length} resources, ${(doc.configMapGenerator ?? []).length} generated ConfigMaps)`);
        continue;
      }
      const modulePath = path.join(process.env.NODE_PATH, 'kubernetes-models', group ?? '', version, doc.kind + '.js');
      let Model;
      try {
        Model = (await import(pathToFileURL(modulePath)))[doc.kind];
      } catch (e) {
        fail(file, `no schema for ${doc.apiVersion} ${doc.kind}`);
        continue;
      }
      try {
        new Model(doc).validate();
        kinds.push(`${doc.kind}/${doc.metadata?.name}`);
      } catch (e) {
        fail(file, `${doc.kind}/${doc.metadata?.name}: ${e.message}`);
      }
    }
    if (kinds.length && failed === failedBefore) console.log(`ok   ${file}: ${kinds.join(', ')}`);
  }
} else if (mode === 'dockerfile') {
  const { validate } = require('dockerfile-utils');
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const problems = validate(text, {}).map(d => `line ${d.range.start.line + 1}: ${d.message}`);
    // Base images: exact versions (a tag with a patch version, never latest or a bare major).
    const images = [...text.matchAll(/^ARG \w*IMAGE=(\S+)/gm)].map(m => m[1])
      .concat([...text.matchAll(/^FROM (?!\$\{)(\S+)/gm)].map(m => m[1]));
    for (const image of images) {
      const tag = image.includes('@sha256:') ? 'digest' : image.split(':')[1] ?? '';
      if (tag !== 'digest' && !/\d+\.\d+\.\d+/.test(tag)) problems.push(`base image ${image} is not pinned to an exact version`);
    }
    if (!/^USER (?!0\b|root\b)\S+/m.test(text)) problems.push('no non-root USER');
    if (problems.length) fail(file, problems.join('; '));
    else console.log(`ok   ${file}: parses, no lint findings, base images ${images.join(', ')}, non-root USER`);
  }
} else {
  console.error('usage: validate-schemas.mjs compose|k8s|dockerfile FILE...');
  process.exit(2);
}
process.exit(failed ? 1 : 0);
